// Tiny helpers to build elements without innerHTML, so no record text is ever parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style") el.style.cssText = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function link(href, text, attrs = {}) {
  return h("a", { href, ...attrs }, text);
}

export function section(title, ...children) {
  return h("section", { class: "panel" }, h("h2", {}, title), ...children);
}

export function empty(text) {
  return h("p", { class: "empty" }, text);
}

export function list(items, render) {
  return items.length ? h("ul", { class: "plain" }, items.map((i) => h("li", {}, render(i)))) : null;
}

export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control,
    hint ? h("small", {}, hint) : null);
}

export function select(name, options, value = "") {
  return h("select", { name },
    options.map(([v, text]) => h("option", { value: v, selected: String(v) === String(value) }, text)));
}

export function tags(values, cls = "tag") {
  return h("span", { class: "tags" }, values.map((v) => h("span", { class: cls }, v)));
}

export function percent(value, max) {
  return Math.max(2, Math.min(100, Math.round((100 * value) / (max || 1))));
}

// Like replaceChildren, but skips null/false children and flattens arrays, as h() does.
export function put(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}
