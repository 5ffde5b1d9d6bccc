// Download buttons for a list: the whole of it as the signed-in caller sees it, CSV or Excel.

import { call, id } from "./api.js";
import { h } from "./dom.js";
import { act, say } from "./ui.js";

const FORMATS = [["csv", "CSV"], ["xlsx", "Excel"]];

export function downloads(list, params = {}) {
  return h("p", { class: "downloads", dataset: { list } }, "Download the whole list: ",
    FORMATS.map(([format, name]) => h("button", { type: "button", class: "quiet",
      "aria-label": `Download the whole list as ${name}`,
      onclick: (event) => act(event.currentTarget, () => save(list, format, params)) }, name)));
}

// The key goes in a header, so a plain link cannot fetch the file: fetch it, then save it.
async function save(list, format, params) {
  const query = new URLSearchParams({ ...params, format });
  const response = await call(`export/lists/${id(list)}?${query}`, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const anchor = h("a", { href: url, download: `${list}.${format}`, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  say(`Downloaded ${list}.${format}.`);
}
