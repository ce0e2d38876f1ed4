// A date typed and shown the way the window's language writes it ("15 Sep 2026",
// "2026年9月15日"), with a month picker in that language. The webview's own date input follows
// the system's locale, not the window's, so a Chinese window showed mm/dd/yyyy and an English
// calendar. The core only ever receives YYYY-MM-DD, from the hidden input named `name`.

import { el, replace } from '../lib/dom.js';
import { t, language, formatDate, parseDate, isoDate } from '../lib/i18n.js';

/**
 * A date field: `{ id, testid, name, value, max, describedBy }` (value and max as YYYY-MM-DD).
 * Returns the field's control row; `row.dateValue()` is the chosen date as YYYY-MM-DD, '' when
 * empty, or null when what is typed is not a date.
 */
export function dateField({ id, testid, name, value = '', max = null, describedBy = null }) {
  const hidden = el('input', { type: 'hidden', name: name ?? null, value });
  const input = el('input', {
    id, testid, class: 'date-input', autocomplete: 'off', inputmode: 'numeric',
    placeholder: t('date.placeholder'), 'aria-describedby': describedBy,
  });
  input.value = value ? formatDate(value) : '';
  const button = el('button', { type: 'button', class: 'secondary small date-button', testid: `${testid}-pick`, 'aria-haspopup': 'dialog', text: t('date.pick') });
  const popup = el('div', { class: 'date-popup', role: 'dialog', 'aria-label': t('date.pick'), testid: `${testid}-calendar`, hidden: true });
  const row = el('div', { class: 'date-field' }, input, button, popup, hidden);

  const read = () => (input.value.trim() ? parseDate(input.value) : '');
  const sync = () => { hidden.value = read() ?? ''; };
  input.addEventListener('input', sync);
  input.addEventListener('change', () => {
    sync();
    if (hidden.value) input.value = formatDate(hidden.value);
  });

  let shown = null; // the first day of the month the popup shows
  function choose(iso) {
    hidden.value = iso;
    input.value = formatDate(iso);
    close();
    input.focus();
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
  function close() {
    popup.hidden = true;
    document.removeEventListener('pointerdown', outside, true);
  }
  function outside(event) {
    if (!row.contains(event.target)) close();
  }
  function render(focusIso) {
    replace(popup, monthView(shown, { selected: read() || null, max, focusIso, choose, move: (months) => {
      shown = new Date(Date.UTC(shown.getUTCFullYear(), shown.getUTCMonth() + months, 1));
      render(null);
    }, render: (iso) => { shown = firstOfMonth(iso); render(iso); } }));
    popup.querySelector(focusIso ? `[data-iso="${focusIso}"]` : '[tabindex="0"]')?.focus();
  }
  popup.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
    button.focus();
  });
  button.addEventListener('click', () => {
    if (!popup.hidden) return close();
    const start = read() || (max && max < isoDate(new Date()) ? max : isoDate(new Date()));
    shown = firstOfMonth(start);
    popup.hidden = false;
    render(start);
    document.addEventListener('pointerdown', outside, true);
  });
  row.dateValue = read;
  return row;
}

function firstOfMonth(iso) {
  const [y, m] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1));
}

/** One month: a title with previous/next, weekday names, and a button per day. */
function monthView(first, { selected, max, focusIso, choose, move, render }) {
  const lang = language();
  const title = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(first);
  const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  // Weeks start on Monday, as Chinese and European calendars print them.
  const names = [...Array(7)].map((_, i) => weekday.format(new Date(Date.UTC(2024, 0, 1 + i))));
  const lead = (first.getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const today = isoDate(new Date());
  const focusDay = focusIso ?? selected ?? today;
  const cells = [...Array(lead)].map(() => el('span', {}));
  for (let d = 1; d <= days; d += 1) {
    const iso = isoDate(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), d)));
    cells.push(el('button', {
      type: 'button', class: ['day', iso === selected ? 'selected' : '', iso === today ? 'today' : ''].join(' ').trim(),
      'data-iso': iso, disabled: Boolean(max && iso > max),
      tabindex: iso === focusDay || (!focusDay.startsWith(iso.slice(0, 7)) && d === 1) ? '0' : '-1',
      'aria-pressed': iso === selected ? 'true' : 'false',
      'aria-label': formatDate(iso), text: String(d), onclick: () => choose(iso),
    }));
  }
  const grid = el('div', { class: 'days', role: 'group', 'aria-label': title }, names.map((n) => el('span', { class: 'weekday', text: n })), cells);
  grid.addEventListener('keydown', (event) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[event.key];
    const iso = event.target.dataset?.iso;
    if (!step || !iso) return;
    event.preventDefault();
    const [y, m, d] = iso.split('-').map(Number);
    render(isoDate(new Date(Date.UTC(y, m - 1, d + step))));
  });
  return [
    el('div', { class: 'month' },
      el('button', { type: 'button', class: 'link', testid: 'date-previous', 'aria-label': t('date.previous'), text: '‹', onclick: () => move(-1) }),
      el('span', { class: 'month-title', 'aria-live': 'polite', text: title }),
      el('button', { type: 'button', class: 'link', testid: 'date-next', 'aria-label': t('date.next'), text: '›', onclick: () => move(1) })),
    grid,
  ];
}

/** The error for a date field whose text is not a date, as `formErrors().show` takes it. */
export function dateInvalid(field) {
  return { field, message: t('date.invalid') };
}
