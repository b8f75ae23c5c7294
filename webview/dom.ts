// Small DOM helpers: the app builds its few elements by hand (no framework in a webview bundle).

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  if (text !== undefined) el.textContent = text;
  return el;
}

export function button(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', 'il-btn', text);
  b.type = 'button';
  b.title = label;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}
