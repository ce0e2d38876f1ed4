// Every visible string comes from ui/i18n/<lang>.json. Keys missing from the chosen language
// show the English text rather than a raw key; a test keeps both files complete.

const LANGS = ['en', 'zh-CN'];
const catalogues = {};
let current = 'en';
let plurals = new Intl.PluralRules('en');

async function load(lang) {
  if (!catalogues[lang]) {
    const response = await fetch(`i18n/${lang}.json`);
    catalogues[lang] = await response.json();
  }
  return catalogues[lang];
}

export async function setLanguage(lang) {
  current = LANGS.includes(lang) ? lang : 'en';
  plurals = new Intl.PluralRules(current);
  await Promise.all([load('en'), load(current)]);
  document.documentElement.lang = current;
}

export function language() {
  return current;
}

/**
 * Text for `key`, with `{name}` placeholders filled from `params`; `{name|one|other}` is the
 * word the number `params[name]` takes, by the language's plural rules ("1 row", "2 rows").
 */
export function t(key, params = {}) {
  const text = catalogues[current]?.[key] ?? catalogues.en?.[key] ?? key;
  return text.replace(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g, (whole, name, one, other) => {
    if (!(name in params)) return whole;
    if (one === undefined) return String(params[name]);
    return plurals.select(Number(params[name])) === 'one' ? one : other;
  });
}

/** Only for keys that may legitimately be absent (optional help text). */
export function has(key) {
  return key in (catalogues[current] ?? {}) || key in (catalogues.en ?? {});
}
