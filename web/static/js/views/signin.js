// Sign in with an API key (kept in this tab's sessionStorage only), or continue as the public.

import { h, put } from "../dom.js";
import { signIn } from "../shell.js";
import { go, say } from "../ui.js";

export async function render(main) {
  const key = h("input", { id: "api-key", name: "api-key", type: "password", autocomplete: "off",
    spellcheck: "false", required: true, "aria-describedby": "api-key-hint" });
  const form = h("form", { class: "signin panel", onsubmit: (event) => {
    event.preventDefault();
    enter(key.value.trim());
  } },
  h("div", { class: "field" },
    h("label", { for: "api-key" }, "API key"), key,
    h("small", { id: "api-key-hint" },
      "Your key starts with gcm_. It stays in this browser tab and is forgotten when you close it.")),
  h("div", { class: "actions" },
    h("button", { type: "submit", class: "primary" }, "Sign in"),
    h("button", { type: "button", onclick: () => enter("") }, "Continue as public")));
  put(main, 
    h("h1", {}, "Sign in"),
    h("p", { class: "lead" },
      "Coordinators review suggested pairings, Member State focal points follow their requests, "
      + "and partners browse the partner graph. The public sees open records only."),
    form);
  key.focus();
}

async function enter(key) {
  try {
    const who = await signIn(key);
    say(who.role === "public" ? "You are browsing as the public." : "You are signed in.");
    go(who.sees_all ? "#/queue" : "#/");
  } catch (error) {
    say(error.message, "error");
    document.getElementById("api-key")?.focus();
  }
}
