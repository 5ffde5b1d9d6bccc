// Messages for people (an aria-live region), navigation, and problems shown in the page.

import { HubProblem } from "./api.js";
import { h, put } from "./dom.js";

export function say(text, kind = "info") {
  const box = document.getElementById("messages");
  box.dataset.at = String(Date.now());
  put(box, h("p", { class: `message ${kind}` }, h("span", {}, text),
    h("button", { type: "button", class: "quiet close", "aria-label": "Dismiss message",
      onclick: () => box.replaceChildren() }, "×")));
}

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}

const TITLES = { 0: "The hub cannot be reached", 401: "Please sign in", 403: "Not allowed",
  404: "Not found", 409: "Not possible now", 422: "Not accepted" };

export function showProblem(main, error) {
  const message = error instanceof HubProblem ? error.message : `Unexpected problem: ${error}`;
  put(main, h("h1", {}, TITLES[error.status] || "Something went wrong"),
    h("p", { class: "problem" }, message),
    error.status === 401 ? h("p", {}, h("a", { href: "#/signin" }, "Go to sign in")) : null);
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
