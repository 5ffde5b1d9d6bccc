"""The gap matrix as a picture: where requests wait and nobody can take them.

Colour is the pressure (open requests per engagement providers can still take, by
their offers or as their recent track record shows); each cell with demand reads
"requests/offered+recorded", and cells asked for but served by nobody are framed in
black. Drawn with matplotlib's object API on the Agg canvas, so it
needs no display and touches no global pyplot state.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from hub.domain.geography import REGIONS
from hub.domain.taxonomy import objective
from matching.gaps import GapMatrix

__all__ = ["draw_gaps", "gaps_png"]

CEILING = 1.5
"""Pressure at which the colour saturates; cells with no capacity at all show it."""


def draw_gaps(matrix: GapMatrix, path: Path) -> Path:
    """Write the heatmap to `path` (PNG or SVG, by its suffix) and return the path."""
    wanted = matrix.requests > 0
    both = matrix.capacity + matrix.record_capacity
    pressure = np.divide(matrix.requests, both, out=np.full(both.shape, CEILING), where=both > 0)
    rows, cols = pressure.shape
    wide = cols > len(REGIONS)
    figure = Figure(figsize=(2.8 + (0.55 if wide else 0.9) * cols, 1.4 + 0.3 * rows))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    image = axes.imshow(
        np.ma.masked_where(~wanted, np.minimum(pressure, CEILING)),
        cmap="OrRd",
        vmin=0,
        vmax=CEILING,
        aspect="auto",
    )
    axes.set_facecolor("#f2f2f2")
    for i, j in zip(*np.nonzero(wanted), strict=True):
        axes.text(
            j,
            i,
            f"{matrix.requests[i, j]}/{matrix.capacity[i, j]:g}+{matrix.record_capacity[i, j]:.1f}",
            ha="center",
            va="center",
            fontsize=7 if wide else 8,
            color="white" if pressure[i, j] > 0.6 * CEILING else "black",
        )
        if matrix.providers[i, j] + matrix.record_providers[i, j] == 0:
            axes.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="k", lw=2))
    axes.set_xticks(
        range(cols), matrix.areas, rotation=40 if wide else 0, ha="right" if wide else "center"
    )
    axes.set_yticks(range(rows), [f"{n}. {objective(n).label}" for n in matrix.objectives])
    axes.tick_params(length=0, labelsize=8)
    axes.set_title(
        "GCM objectives: open requests / engagements offered + shown by track records\n"
        "framed: requested, but no provider with capacity",
        fontsize=9,
    )
    bar = figure.colorbar(image, ax=axes, shrink=0.4, pad=0.02)
    bar.set_label("requests per engagement", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=130)
    return path


def gaps_png(matrix: GapMatrix) -> bytes:
    """The heatmap as PNG bytes."""
    with tempfile.TemporaryDirectory(prefix="gcm-hub-gaps-") as folder:
        return draw_gaps(matrix, Path(folder) / "gaps.png").read_bytes()
