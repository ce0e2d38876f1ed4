// "Clear the money": per currency where the money is (a bar: released, frozen, in transit,
// withdrawn), the orders not yet released with what the seller did about each, the balance the
// seller reads off Seller Center, and the reconciliation CSV for the bookkeeper.

import { append, el, svg } from '../lib/dom.js';
import { t, formatMoney, formatDate, language } from '../lib/i18n.js';
import { dateField, dateInvalid } from '../components/date-field.js';
import { formErrors } from '../components/error-summary.js';
import { call, saveFileDialog } from '../lib/ipc.js';
import { attachmentsArea } from '../components/attachments.js';
import { backLink } from '../components/back-link.js';
import { orderActionControls } from '../components/order-action.js';
import { ruleCards } from './step.js';

// Bucket, and the fill pattern that keeps it apart when printed in black and white.
const BUCKETS = [
  ['available', 'money-solid'],
  ['frozen', 'money-hatched'],
  ['in_transit', 'money-dotted'],
  ['withdrawn', 'money-light'],
];
const RELEASE_ACTIONS = ['release_chased', 'other'];

export async function moneyScreen(main, app, { taskId }) {
  const task = app.caseView.tasks.groups.flatMap((g) => g.tasks).find((x) => x.id === taskId);
  const money = await call('money_view');
  append(main,
    backLink(app),
    el('h1', { testid: 'step-title', text: t(`task.${task.id}.title`) }),
    el('p', { class: 'lead', text: t(`task.${task.id}.about`) }),
    moneySummary(money, app.caseView.profile.region),
    unreleased(money, app),
    pendingRefunds(money),
    balanceForm(app, money),
    reconciliation(app),
    ruleCards(task, app),
  );
}

/** Where the money is per currency, or in words why that is not known yet. */
function moneySummary(money, region) {
  if (!money.has_data) return el('p', { class: 'panel', testid: 'money-empty', text: t(region === 'CN' ? 'money.empty' : 'money.empty_other') });
  if (money.currencies.length === 0) {
    // Files that carry no balance (a 放款 export, a personal statement without freezes): say so.
    const files = new Intl.ListFormat(language(), { type: 'conjunction' }).format(money.files.map((f) => t(`format.${f}`)));
    return el('p', { class: 'panel', testid: 'money-no-balance', text: t(`money.no_balance.${region === 'CN' ? 'cn' : 'other'}`, { files }) });
  }
  return el('section', { testid: 'money-currencies' }, patterns(), money.currencies.map(currencyPanel));
}

/** The fills every bar refers to, defined once on the page. */
function patterns() {
  return svg('svg', { width: 0, height: 0, class: 'defs-only', 'aria-hidden': 'true' },
    svg('defs', {},
      svg('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('rect', { width: 6, height: 6, class: 'money-hatch-bg' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'money-hatch-line' })),
      svg('pattern', { id: 'dots', width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
        svg('rect', { width: 6, height: 6, class: 'money-hatch-bg' }), svg('circle', { cx: 3, cy: 3, r: 1.4, class: 'money-dot' }))));
}

function currencyPanel(c) {
  const amounts = BUCKETS.map(([key]) => Number(c[key]));
  const total = amounts.reduce((a, b) => a + b, 0);
  let x = 0;
  const bars = BUCKETS.map(([key, fill], i) => {
    const width = total > 0 ? (amounts[i] / total) * 100 : 0;
    const rect = svg('rect', { x: `${x}%`, y: 0, width: `${width}%`, height: 28, class: fill },
      svg('title', { text: `${t(`money.bucket.${key}`)}: ${shownAmount(c, key)}` }));
    x += width;
    return rect;
  });
  return el('div', { class: 'panel money-currency', testid: `money-${c.currency}` },
    el('h2', { text: c.currency }),
    svg('svg', { class: 'money-bar', width: '100%', height: 28, role: 'img', 'aria-label': t('money.chart', { currency: c.currency }) },
      total > 0 ? bars : svg('rect', { x: 0, y: 0, width: '100%', height: 28, class: 'money-none' })),
    el('dl', { class: 'money-legend' },
      BUCKETS.map(([key, fill]) => el('div', {},
        el('dt', {}, el('span', { class: `swatch ${fill}`, 'aria-hidden': 'true' }), t(`money.bucket.${key}`)),
        el('dd', { class: 'num', testid: `money-${c.currency}-${key}`, text: shownAmount(c, key) }))),
      Number(c.owed) > 0
        ? el('div', {}, el('dt', { text: t('money.bucket.owed') }), el('dd', { class: 'num', text: formatMoney(c.owed, c.currency) }))
        : null),
    el('p', { class: 'muted', text: t(`money.source.${c.source || 'none'}`) }),
  );
}

/** An amount of the currency's line; one no file or typed balance gave reads "not read", never 0.00. */
function shownAmount(c, key) {
  return c[key] === null ? t('money.not_read') : formatMoney(c[key], c.currency);
}

function unreleased(money, app) {
  if (money.unreleased === null) {
    return money.has_data ? el('p', { class: 'muted', testid: 'unreleased-unknown', text: t('money.unreleased_unknown') }) : null;
  }
  if (!money.unreleased_total) return el('p', { testid: 'unreleased-none', text: t('money.unreleased_none') });
  const shown = money.unreleased.length;
  return el('section', {},
    el('h2', { text: t('money.unreleased', { count: money.unreleased_total }) }),
    shown < money.unreleased_total
      ? el('p', { class: 'muted', testid: 'unreleased-count', text: t('money.unreleased_shown', { shown, total: money.unreleased_total }) })
      : null,
    el('table', { class: 'data', testid: 'unreleased-table' },
      el('thead', {}, el('tr', {}, ['orders.col.id', 'money.col.confirmed', 'money.col.release_due', 'orders.col.amount', 'orders.col.done'].map((k) => el('th', { scope: 'col', text: t(k) })))),
      el('tbody', {}, money.unreleased.map((o) => el('tr', { testid: `unreleased-${o.order_id}` },
        el('td', { class: 'mono', text: o.order_id }),
        el('td', { class: 'date', text: formatDate(o.confirmed ?? '') }),
        releaseDue(o, app.caseView.today),
        el('td', { class: 'num', text: o.amount ? formatMoney(o.amount, o.currency) : '' }),
        el('td', {}, orderActionControls(o, RELEASE_ACTIONS, app)))))));
}

/** The day the release is due; past it (ISO dates compare as text) it is marked overdue in words. */
function releaseDue(order, today) {
  if (!order.release_due) return el('td', {});
  const overdue = order.release_due < today;
  return el('td', { class: overdue ? 'date overdue' : 'date', testid: `release-due-${order.order_id}` },
    overdue ? t('money.release_overdue', { date: formatDate(order.release_due) }) : formatDate(order.release_due));
}

function pendingRefunds(money) {
  if (!money.pending_refunds.length) return null;
  return el('section', { testid: 'pending-refunds' },
    el('h2', { text: t('money.pending_refunds', { count: money.pending_refunds.length }) }),
    el('ul', { class: 'ids' }, money.pending_refunds.map((r) => el('li', { class: 'mono', text: r.amount ? `${r.order_id} (${formatMoney(r.amount, r.currency)})` : r.order_id }))));
}

function balanceForm(app, money) {
  const today = app.caseView.today;
  const field = (name, control) => el('div', { class: 'field' },
    el('label', { for: `balance-${name}`, text: t(`money.form.${name}`) }),
    control ?? el('input', { id: `balance-${name}`, testid: `balance-${name}`, name, inputmode: 'decimal', placeholder: '0.00' }));
  const currency = el('select', { id: 'balance-currency', testid: 'balance-currency', name: 'currency' },
    ['CNY', 'USD', 'EUR', 'RUB', 'GBP'].map((c) => el('option', { value: c, text: c })));
  currency.value = app.caseView.profile.settlement_currency;
  const asOf = dateField({ id: 'balance-as_of', testid: 'balance-as_of', name: 'as_of', value: today, max: today });
  const form = el('form', { class: 'panel', testid: 'balance-form', novalidate: true },
    el('h2', { text: t('money.form.title') }),
    el('p', { class: 'muted', text: t('money.form.help') }),
    field('currency', currency),
    field('available'),
    field('frozen'),
    field('in_transit'),
    field('owed'),
    field('as_of', asOf),
    field('note', el('input', { id: 'balance-note', testid: 'balance-note', name: 'note' })),
    el('button', { type: 'submit', class: 'primary', testid: 'balance-save', text: t('common.save') }),
    money.snapshots.length
      ? el('p', { class: 'muted', testid: 'balance-history', text: t('money.form.history', { count: money.snapshots.length, last: formatDate(money.snapshots[money.snapshots.length - 1].as_of) }) })
      : null);
  const errors = formErrors(form, (error) => BALANCE_FIELDS[error?.field] ?? null);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    app.clearMessages();
    if (asOf.dateValue() === null) {
      errors.show([dateInvalid('balance-as_of')]);
      return;
    }
    const data = Object.fromEntries(new FormData(form));
    try {
      app.caseView = await call('enter_balance', { balance: data });
      await app.render();
      app.notice(t('money.form.saved', { currency: data.currency, date: formatDate(data.as_of) }), { near: 'balance-save' });
    } catch (error) {
      errors.showError(error);
    }
  });
  if (!money.latest_balance) return form;
  const last = money.snapshots[money.snapshots.length - 1];
  return el('div', {}, form,
    el('section', { class: 'panel', testid: 'balance-evidence' },
      el('h3', { class: 'evidence-title', text: t('attach.balance_title', { currency: last.currency, date: formatDate(last.as_of) }) }),
      attachmentsArea('balance', money.latest_balance, app)));
}

/** The form field each of the core's balance fields is typed in. */
const BALANCE_FIELDS = {
  available: 'balance-available', frozen: 'balance-frozen', in_transit: 'balance-in_transit',
  owed: 'balance-owed', as_of: 'balance-as_of', date: 'balance-as_of', currency: 'balance-currency', note: 'balance-note',
};

function reconciliation(app) {
  return el('div', { class: 'actions' },
    el('button', {
      type: 'button', class: 'secondary', testid: 'export-reconciliation', text: t('money.export'),
      onclick: async () => {
        const path = await saveFileDialog({ defaultPath: `${t('reconciliation.sheet')}.xlsx`, filters: [{ name: 'Excel', extensions: ['xlsx'] }, { name: 'CSV', extensions: ['csv'] }] });
        if (!path) return;
        try {
          const rows = await call('export_reconciliation', { path });
          app.notice(t('money.exported', { rows, path }));
        } catch (error) {
          app.showError(error);
        }
      },
    }),
    el('span', { class: 'hint', text: t('money.export_hint') }));
}
