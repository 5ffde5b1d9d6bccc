// Messages for people (an aria-live region), navigation, and problems shown in the page.

import { HubProblem } from "./api.js";
import { h, put } from "./dom.js";
import { t } from "./i18n.js";

export function say(text, kind = "info") {
  speak(h("span", {}, text), kind);
}

// A message by its catalogue key: a change of language says it again in the new one
// (translatePage reads the key and its params back).
export function tell(key, params = {}, kind = "info") {
  speak(h("span", { dataset: { i18n: key, i18nParams: JSON.stringify(params) } }, t(key, params)),
    kind);
}

function speak(text, kind) {
  const box = document.getElementById("messages");
  box.dataset.at = String(Date.now());
  put(box, h("p", { class: `message ${kind}` }, text,
    h("button", { type: "button", class: "quiet close", "aria-label": t("message.dismiss"),
      onclick: () => box.replaceChildren() }, "×")));
}

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}

const TITLED = new Set([0, 401, 403, 404, 409, 422]);

export function showProblem(main, error) {
  const message = error instanceof HubProblem ? error.message
    : t("problem.unexpected", { error: String(error) });
  put(main, h("h1", {}, TITLED.has(error.status) ? t(`problemTitle.${error.status}`)
    : t("problemTitle.other")),
  h("p", { class: "problem" }, message),
  error.status === 401 ? h("p", {}, h("a", { href: "#/signin" }, t("problem.goSignIn"))) : null);
  say(message, "error");
  if (!(error instanceof HubProblem)) console.error(error);
}

// Runs an action from a button; the button is disabled meanwhile and problems are said aloud.
export async function act(button, action) {
  button.disabled = true;
  try {
    return await action();
  } catch (error) {
    say(error.message, "error");
    return undefined;
  } finally {
    button.disabled = false;
  }
}

// A new page clears old messages, but not one said just before the navigation it caused.
export function clearStaleMessages() {
  const box = document.getElementById("messages");
  if (Date.now() - Number(box.dataset.at || 0) > 1500) box.replaceChildren();
}
