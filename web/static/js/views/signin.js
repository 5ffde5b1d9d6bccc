// Sign in with an API key (kept in this tab's sessionStorage only), or continue as the public.

import { h, put } from "../dom.js";
import { t } from "../i18n.js";
import { signIn } from "../shell.js";
import { go, say, tell } from "../ui.js";

export async function render(main) {
  const key = h("input", { id: "api-key", name: "api-key", type: "password", autocomplete: "off",
    spellcheck: "false", required: true, "aria-describedby": "api-key-hint" });
  const form = h("form", { class: "signin panel", onsubmit: (event) => {
    event.preventDefault();
    enter(key.value.trim());
  } },
  h("div", { class: "field" },
    h("label", { for: "api-key" }, t("signin.key")), key,
    h("small", { id: "api-key-hint" }, t("signin.hint"))),
  h("div", { class: "actions" },
    h("button", { type: "submit", class: "primary" }, t("who.signIn")),
    h("button", { type: "button", onclick: () => enter("") }, t("signin.public"))));
  put(main,
    h("h1", {}, t("signin.title")),
    h("p", { class: "lead" }, t("signin.lead")),
    form);
  key.focus();
}

async function enter(key) {
  try {
    const who = await signIn(key);
    if (who.role === "public") tell("signin.asPublic");
    else tell("signin.done");
    go(who.sees_all ? "#/queue" : "#/");
  } catch (error) {
    say(error.message, "error");
    document.getElementById("api-key")?.focus();
  }
}
