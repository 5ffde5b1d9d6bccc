// Who is signed in, and the parts of the page around the views that depend on it.

import { call, session } from "./api.js";
import { reset } from "./catalog.js";
import { t } from "./i18n.js";

const PUBLIC = "gcm-hub-public";

export function roleTitle(role) {
  return t(`role.${role}`);
}

export async function signIn(key) {
  const principal = await call("/console/session", { key: key || null });
  session.key = key || null;
  if (key) sessionStorage.removeItem(PUBLIC); else sessionStorage.setItem(PUBLIC, "1");
  session.principal = principal;
  reset();
  showWho();
  return principal;
}

export function signOut() {
  session.key = null;
  session.principal = null;
  sessionStorage.removeItem(PUBLIC);
  reset();
  showWho();
}

export async function restore() {
  if (!session.key && !sessionStorage.getItem(PUBLIC)) return null;
  try {
    return await signIn(session.key);
  } catch (error) {
    signOut();
    throw error;
  }
}

export function showWho() {
  const p = session.principal;
  const nav = document.getElementById("nav");
  document.getElementById("who").hidden = !p;
  nav.hidden = !p;
  if (!p) return;
  const role = roleTitle(p.role);
  document.getElementById("who-label").textContent = p.stakeholder_name
    ? t("who.signedInAs", { role, name: p.stakeholder_name }) : t("who.signedInRole", { role });
  document.getElementById("sign-out").textContent =
    p.role === "public" ? t("who.signIn") : t("who.signOut");
  for (const item of nav.querySelectorAll("li[data-roles]")) {
    item.hidden = !item.dataset.roles.split(" ").includes(p.role);
  }
}
