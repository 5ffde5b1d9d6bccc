// Download buttons for a list: the whole of it as the signed-in caller sees it, CSV or Excel.

import { call, id } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { act, tell } from "./ui.js";

const FORMATS = [["csv", "download.csv"], ["xlsx", "download.xlsx"]];

export function downloads(list, params = {}) {
  return h("p", { class: "downloads", dataset: { list } }, t("download.lead"), " ",
    FORMATS.map(([format, key]) => h("button", { type: "button", class: "quiet",
      "aria-label": t("download.as", { format: t(key) }),
      onclick: (event) => act(event.currentTarget, () => save(list, format, params)) }, t(key))));
}

// The key goes in a header, so a plain link cannot fetch the file: fetch it, then save it.
async function save(list, format, params) {
  const query = new URLSearchParams({ ...params, format });
  const response = await call(`export/lists/${id(list)}?${query}`, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const file = `${list}.${format}`;
  const anchor = h("a", { href: url, download: file, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  tell("download.done", { file });
}
