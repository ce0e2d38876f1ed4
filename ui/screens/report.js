// The closure readiness report: choose the day and the paper, look at it, print it or save it
// as a PDF to sign. The report is rendered in Rust (one renderer for the window, the CLI and
// the PDF); the preview parses that HTML inert with DOMParser into a shadow root, so its styles
// stay its own. Every imported string was escaped by the renderer, and the page's CSP blocks
// scripts and inline handlers whatever the markup says.

import { append, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { dateField, dateInvalid } from '../components/date-field.js';
import { formErrors } from '../components/error-summary.js';
import { call, printWindow, saveFileDialog } from '../lib/ipc.js';
import { backLink } from '../components/back-link.js';

let printPage = null; // the report's @page rule, on the page only while this screen shows
export async function reportScreen(main, app) {
  main.classList.add('wide');
  const today = app.caseView.today;
  const asOf = dateField({ id: 'report-as-of', testid: 'report-as-of', value: today });
  const paper = el('select', { id: 'report-paper', testid: 'report-paper' },
    el('option', { value: '', text: t('report_screen.paper_default') }),
    el('option', { value: 'a4', text: 'A4' }),
    el('option', { value: 'letter', text: 'Letter' }));
  const host = el('div', { class: 'report-preview', testid: 'report-preview' });
  const saved = el('div', { class: 'row', testid: 'report-saved', hidden: true });
  // A date that does not read is said at its field; the report keeps the last good day rather
  // than silently becoming today's.
  const optionsBox = el('div', { class: 'report-options-box' });
  const asOfErrors = formErrors(optionsBox);
  let lastAsOf = today;
  const options = () => ({ asOf: lastAsOf, paper: paper.value || null });
  /** False, with the error at the field, while the as-of date does not read. */
  const dayReads = () => {
    if (asOf.dateValue()) return true;
    asOfErrors.show([dateInvalid('report-as-of')]);
    return false;
  };

  const refresh = async () => {
    if (!dayReads()) return;
    asOfErrors.clear();
    lastAsOf = asOf.dateValue();
    try {
      show(host, await call('report_html', options()));
    } catch (error) {
      app.showError(error);
    }
  };
  asOf.addEventListener('change', refresh);
  paper.addEventListener('change', refresh);

  // The system's print dialog (see printWindow: window.print() does nothing in WebKitGTK).
  const print = el('button', {
    type: 'button', class: 'primary', testid: 'report-print', text: t('report_screen.print'),
    onclick: () => {
      app.clearMessages();
      printWindow().catch((error) => app.showError(error));
    },
  });
  // "<store> <as-of>", without the characters a file name cannot hold.
  const fileStem = () => `${app.caseView.profile.store_name.replace(/[\\/:*?"<>|]/g, '')} ${options().asOf}`;
  const save = el('button', {
    type: 'button', class: 'secondary', testid: 'report-save', text: t('report_screen.save'),
    onclick: async () => {
      if (!dayReads()) return;
      const path = await saveFileDialog({ defaultPath: `${fileStem()}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      if (!path) return;
      try {
        await call('save_report', { path, ...options() });
        saved.hidden = false;
        saved.replaceChildren(
          el('span', { text: t('report_screen.saved', { path }) }),
          el('button', { type: 'button', class: 'link', testid: 'report-open', text: t('report_screen.open'), onclick: () => call('open_report', { path }).catch((e) => app.showError(e)) }));
      } catch (error) {
        app.showError(error);
      }
    },
  });
  const pack = el('button', {
    type: 'button', class: 'secondary', testid: 'report-pack', text: t('report_screen.pack'),
    onclick: async () => {
      if (!dayReads()) return;
      const path = await saveFileDialog({ defaultPath: `${fileStem()}.zip`, filters: [{ name: 'ZIP', extensions: ['zip'] }] });
      if (!path) return;
      try {
        await call('export_pack', { path, asOf: options().asOf });
        app.notice(t('report_screen.pack_saved', { path }));
      } catch (error) {
        app.showError(error);
      }
    },
  });
  append(main,
    el('div', { class: 'no-print' },
      backLink(app),
      el('h1', { testid: 'step-title', text: t('report_screen.title') }),
      el('p', { class: 'lead', text: t('report_screen.about') }),
      append(optionsBox, el('div', { class: 'row report-options' },
        el('div', { class: 'field' }, el('label', { for: 'report-as-of', text: t('report_screen.as_of') }), asOf),
        el('div', { class: 'field' }, el('label', { for: 'report-paper', text: t('report_screen.paper') }), paper))),
      el('div', { class: 'actions' }, print, save, pack),
      el('p', { class: 'hint', text: t('report_screen.pack_about') }),
      saved),
    host);
  await refresh();
}

/** Puts the report's body into a shadow root of `host`, with its own stylesheet. */
function show(host, html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const css = [...doc.querySelectorAll('style')].map((s) => s.textContent).join('\n');
  const sheet = new CSSStyleSheet();
  // @page rules do nothing inside a shadow root: they go on the page itself, for printing.
  const pageRules = /@page\s*\{(?:[^{}]|\{[^{}]*\})*\}/g;
  sheet.replaceSync(css.replace(pageRules, ''));
  const page = new CSSStyleSheet();
  page.replaceSync((css.match(pageRules) ?? []).join('\n'));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => s !== printPage), page];
  printPage = page;
  // Style attributes (column widths) are set again through the CSSOM once in the page, which
  // the page's CSP allows where it blocks the attributes themselves.
  for (const node of doc.body.querySelectorAll('[style]')) {
    node.dataset.css = node.getAttribute('style');
    node.removeAttribute('style');
  }
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [sheet];
  root.replaceChildren(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
  for (const node of root.querySelectorAll('[data-css]')) {
    node.style.cssText = node.dataset.css;
    delete node.dataset.css;
  }
}

/** Called when another screen replaces this one. */
export function leaveReport() {
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== printPage);
  printPage = null;
}
