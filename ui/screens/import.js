// "Get your data in": choose or drop files, watch them import (with Cancel), see what each
// file gave, the list of imported files (with Remove), and rows kept aside.

import { append, el, replace } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call, openFileDialog } from '../lib/ipc.js';
import { announce } from '../lib/announce.js';
import { backLink } from '../components/back-link.js';
import { columnMap } from '../components/column-map.js';
import { formErrors } from '../components/error-summary.js';
import { ruleCards } from './step.js';

/** Repeated rows listed under a file's result; the rest are counted. */
const DUPLICATES_SHOWN = 20;

let current = null; // { app, taskId, results } while this screen is showing

/** Imports files by path: the file dialog, a drop on the window and the e2e tests all come here. */
export async function importPaths(paths, password = null) {
  const { app } = current;
  const bar = document.querySelector('[data-testid="import-progress"]');
  const label = document.querySelector('[data-testid="import-progress-label"]');
  const panel = document.querySelector('[data-testid="import-running"]');
  panel.hidden = false;
  app.clearMessages();
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = (p) => {
    bar.max = Math.max(p.total, 1);
    bar.value = p.done;
    label.textContent = t('import.progress', { name: p.name, n: p.file_index + 1, count: p.file_count, percent: Math.floor((100 * p.done) / Math.max(p.total, 1)) });
  };
  try {
    const outcome = await call('import_files', { paths, password, onProgress: channel });
    app.caseView = outcome.view;
    current.results = outcome.reports;
    await app.render();
    announceResults(outcome.reports);
  } catch (error) {
    panel.hidden = true;
    app.showError(error);
  }
}

export async function importScreen(main, app, { taskId }) {
  // The results shown are this step's own: the statements step does not repeat an order import's.
  const same = current?.app === app && current?.taskId === taskId;
  current = { app, taskId, results: same ? current.results : [] };
  const task = app.caseView.tasks.groups.flatMap((g) => g.tasks).find((x) => x.id === taskId);
  const choose = el('button', {
    type: 'button', class: 'primary', testid: 'import-choose', text: t('import.choose'),
    onclick: async () => {
      const picked = await openFileDialog({ multiple: true, directory: false, filters: [{ name: t('import.file_types'), extensions: ['xlsx', 'xls', 'csv', 'zip'] }] });
      if (picked && picked.length) importPaths(Array.isArray(picked) ? picked : [picked]);
    },
  });
  const running = el('div', { class: 'panel', testid: 'import-running', hidden: true },
    el('p', { testid: 'import-progress-label', text: t('import.starting') }),
    el('progress', { testid: 'import-progress', value: 0, max: 1, class: 'bar' }),
    el('button', { type: 'button', class: 'secondary small', testid: 'import-cancel', text: t('common.cancel'), onclick: () => call('cancel_import') }),
  );
  append(main,
    backLink(app),
    el('h1', { testid: 'step-title', text: t(`task.${task.id}.title`) }),
    el('p', { class: 'lead', text: t(`task.${task.id}.about`) }),
    el('div', { class: 'actions' }, choose, el('span', { class: 'hint', text: t('import.drop_hint') })),
    running,
    current.results.length ? results(current.results, app) : null,
    filesTable(app),
    quarantine(app),
    ruleCards(task, app),
  );
}

// A refusal the window can say in the person's language; others still read as the importer wrote them.
function errorText(report) {
  return report.refused_as === 'beyond-limits' ? t('import.beyond_limits') : report.error;
}

/** What each file gave, said to a screen reader: results politely, refusals at once. */
function announceResults(reports) {
  const said = (r) => t(`import.announce.${r.status}`, {
    file: fileName(r.path), counts: r.status === 'imported' ? counts(r) : '', reason: errorText(r) ?? '',
  });
  const results = reports.filter((r) => r.status !== 'rejected').map(said);
  const refusals = reports.filter((r) => r.status === 'rejected').map(said);
  if (results.length) announce(results.join(' '));
  if (refusals.length) announce(refusals.join(' '), { urgent: true });
}

function results(reports, app) {
  return el('section', { testid: 'import-results' },
    el('h2', { text: t('import.results') }),
    reports.map((r) => el('div', { class: `rule-card import-${r.status}`, testid: 'import-result' },
      el('div', { class: 'rule-head' },
        el('h3', { text: fileName(r.path) }),
        el('strong', { class: 'tag', testid: 'import-status', text: t(`import.status.${r.status}`) })),
      r.status === 'imported'
        ? el('p', { testid: 'import-counts', text: counts(r) })
        : null,
      r.error ? el('p', { class: 'error-text', testid: 'import-error', text: errorText(r) }) : null,
      r.unknown_layout ? mapButton(r, app) : null,
      r.needs_password ? passwordForm(r) : null,
      r.rejected_rows.length
        ? el('div', {}, el('p', { text: t('import.rejected', { count: r.rejected_rows.length }) }),
          el('ul', {}, r.rejected_rows.map((x) => el('li', { testid: 'import-rejected-row', text: t('import.where', { line: x.line, column: x.column, reason: x.reason }) }))))
        : null,
      r.duplicates.length ? duplicates(r.duplicates) : null,
      r.dismissed_again ? el('p', { testid: 'import-dismissed-again', text: t('import.dismissed_again', { count: r.dismissed_again }) }) : null,
      r.unknown_labels.length
        ? el('div', {}, el('p', { text: t('import.unknown', { count: r.unknown_labels.length }) }),
          el('ul', {}, r.unknown_labels.map((x) => el('li', { testid: 'import-unknown-label', text: t('import.where', { line: x.line, column: x.column, reason: x.value }) }))))
        : null,
    )),
  );
}

/** "40 rows read (…): 38 new, 2 kept aside." — every row counted, the counts that are 0 left out. */
function counts(report) {
  const parts = [
    ['new', report.new], ['updated', report.updated], ['unchanged', report.unchanged],
    ['duplicates', report.duplicates.length], ['rejected', report.rejected_rows.length],
  ].filter(([, n]) => n > 0).map(([part, n]) => t(`import.count.${part}`, { n }));
  return t('import.counts', { rows: report.rows, format: t(`format.${report.format}`), parts: parts.join(t('import.count.joiner')) });
}

/** Rows that repeat an earlier row of the file exactly: the first few, and how many more. */
function duplicates(rows) {
  const shown = rows.slice(0, DUPLICATES_SHOWN);
  return el('div', { testid: 'import-duplicates' },
    el('p', { text: t('import.duplicates', { count: rows.length }) }),
    el('ul', {}, shown.map((x) => el('li', { testid: 'import-duplicate-row', text: t('import.duplicate', { line: x.line, repeats: x.repeats }) }))),
    rows.length > shown.length ? el('p', { class: 'muted', text: t('import.duplicates_more', { count: rows.length - shown.length }) }) : null);
}

/** An encrypted zip (Alipay mails statements so): ask for its password and import it again. */
function passwordForm(report) {
  const input = el('input', { type: 'password', id: 'zip-password', testid: 'zip-password', autocomplete: 'off', required: true });
  const form = el('form', { class: 'row', testid: 'zip-password-form' },
    el('label', { for: 'zip-password', text: t('import.password') }), input,
    el('button', { type: 'submit', class: 'primary small', testid: 'zip-password-submit', text: t('import.password_retry') }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    importPaths([report.path], input.value);
  });
  return form;
}

/** "Map columns" opens the mapping form in place; saving it imports the file again. */
function mapButton(report, app) {
  const slot = el('div', {});
  const open = el('button', {
    type: 'button', class: 'secondary', testid: 'map-columns', text: t('map.open'),
    onclick: () => {
      open.hidden = true;
      slot.append(columnMap(report.unknown_layout, fileName(report.path), () => importPaths([report.path]), (e) => app.showError(e)));
      slot.querySelector('select')?.focus();
    },
  });
  return el('div', {}, open, slot);
}

function filesTable(app) {
  const files = app.caseView.files;
  if (!files.length) return el('p', { class: 'muted', testid: 'no-files', text: t('import.no_files') });
  return el('section', {},
    el('h2', { text: t('import.files') }),
    el('table', { class: 'data', testid: 'files-table' },
      el('thead', {}, el('tr', {}, ['files.name', 'files.format', 'files.size', 'files.rows', 'files.duplicates', 'files.imported', 'files.sha256', 'files.remove'].map((k) => el('th', { scope: 'col', text: t(k) })))),
      el('tbody', {}, files.map((f) => el('tr', { testid: `file-${f.id}` },
        el('td', { text: f.name }),
        el('td', { text: t(`format.${f.format}`) }),
        el('td', { class: 'num', text: formatBytes(f.size) }),
        el('td', { class: 'num', text: String(f.rows) }),
        el('td', { class: 'num', testid: `file-duplicates-${f.id}`, text: String(f.duplicates) }),
        el('td', { text: f.imported_at }),
        el('td', { class: 'mono', title: f.sha256, text: `${f.sha256.slice(0, 12)}…` }),
        el('td', {}, el('button', {
          type: 'button', class: 'link', testid: `forget-${f.id}`, 'aria-label': `${t('files.remove')} ${f.name}`, text: t('files.remove'),
          onclick: async () => {
            try {
              const { view, undo } = await call('forget_file', { fileId: f.id });
              app.caseView = view;
              await app.render();
              app.undoNotice(t('files.removed', { name: f.name }), () => call('undo', { undo }));
            } catch (error) {
              app.showError(error);
            }
          },
        })),
      ))),
    ),
  );
}

function quarantine(app) {
  const rows = app.caseView.rejections.filter((r) => !r.dismissed_note);
  if (!rows.length) return null;
  return el('section', { testid: 'quarantine' },
    el('h2', { text: t('import.kept_aside', { count: rows.length }) }),
    el('p', { class: 'muted', text: t('import.kept_aside_help') }),
    rows.map((r) => {
      const note = el('input', { id: `dismiss-note-${r.id}`, testid: `dismiss-note-${r.id}`, 'aria-label': t('import.dismiss_note'), placeholder: t('import.dismiss_note') });
      const who = el('select', { testid: `dismiss-who-${r.id}`, 'aria-label': t('import.dismiss_who') },
        el('option', { value: 'seller', text: t('who.seller') }),
        el('option', { value: 'bookkeeper', text: t('who.bookkeeper') }));
      // A form, so Enter in the note dismisses as the button does.
      const form = el('form', { class: 'row', testid: `dismiss-form-${r.id}`, novalidate: true },
        el('div', { class: 'field' }, note), who,
        el('button', { type: 'submit', class: 'secondary small', testid: `dismiss-${r.id}`, text: t('import.dismiss') }));
      const errors = formErrors(form, () => note.id);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        app.clearMessages();
        try {
          app.caseView = await call('dismiss_rejection', { id: r.id, note: note.value, who: who.value });
          await app.render();
          app.undoNotice(t('import.dismissed', { line: r.line, file: r.file }), () => call('undismiss_rejection', { id: r.id }));
        } catch (error) {
          errors.showError(error);
        }
      });
      return el('div', { class: 'rule-card', testid: `kept-${r.id}` },
        el('p', { text: t('import.where', { line: r.line, column: r.column, reason: r.reason }) }),
        el('p', { class: 'mono small-text', text: `${r.file}: ${r.raw}` }),
        form,
      );
    }),
  );
}

function fileName(path) {
  return path.split(/[\\/]/).pop();
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
