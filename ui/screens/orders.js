// "Finish every open order": the open orders in a sortable, filterable table, each with the
// suggested next move and what the seller recorded doing; then the order rules themselves.

import { append, el, replace } from '../lib/dom.js';
import { t, formatMoney, formatDate } from '../lib/i18n.js';
import { call } from '../lib/ipc.js';
import { backLink } from '../components/back-link.js';
import { orderActionControls } from '../components/order-action.js';
import { ruleCards } from './step.js';

const ORDER_ACTIONS = ['shipped', 'refunded', 'return_accepted', 'negotiated', 'dispute_answered', 'cancelled', 'other'];
// An order of unknown status is settled by what Seller Center shows for it (orders-unknown-state).
const UNKNOWN_ACTIONS = ['seen_finished', ...ORDER_ACTIONS];
const COLUMNS = [
  ['state', 'orders.col.state'],
  ['order_id', 'orders.col.id'],
  ['placed', 'orders.col.placed'],
  ['amount', 'orders.col.amount'],
  ['deadline', 'orders.col.deadline'],
  ['suggested', 'orders.col.suggested'],
];

export async function ordersScreen(main, app, { taskId }) {
  const task = app.caseView.tasks.groups.flatMap((g) => g.tasks).find((x) => x.id === taskId);
  const { orders, total } = await call('open_orders').catch((error) => {
    app.showError(error);
    return { orders: [], total: 0 };
  });
  const view = { sort: 'deadline', ascending: true, state: '', search: '' };
  const body = el('tbody');
  const count = el('p', { class: 'muted', testid: 'orders-count' });

  const states = [...new Set(orders.map((o) => o.state))].sort();
  const filter = el('select', { id: 'orders-state', testid: 'orders-filter-state' },
    el('option', { value: '', text: t('orders.all_states') }),
    states.map((s) => el('option', { value: s, text: t(`order_state.${s}`) })));
  filter.addEventListener('change', () => { view.state = filter.value; draw(); });
  const search = el('input', { id: 'orders-search', type: 'search', testid: 'orders-search', placeholder: t('orders.search') });
  search.addEventListener('input', () => { view.search = search.value.trim(); draw(); });

  const head = el('tr', {}, COLUMNS.map(([key, label]) => el('th', { scope: 'col', 'aria-sort': 'none' },
    el('button', { type: 'button', class: 'sort', testid: `orders-sort-${key}`, text: t(label), onclick: () => {
      view.ascending = view.sort === key ? !view.ascending : true;
      view.sort = key;
      draw();
    } }))), el('th', { scope: 'col', text: t('orders.col.done') }));

  function draw() {
    const rows = orders
      .filter((o) => !view.state || o.state === view.state)
      .filter((o) => !view.search || o.order_id.includes(view.search))
      .sort((a, b) => {
        // Orders missing the sorted value go last either way, so the urgent ones stay on top.
        const missing = (a[view.sort] == null) - (b[view.sort] == null);
        if (missing) return missing;
        if (a[view.sort] == null) return a.order_id.localeCompare(b.order_id);
        return compare(a, b, view.sort) * (view.ascending ? 1 : -1);
      });
    replace(body, rows.length
      ? rows.map((o) => orderRow(o, app, app.caseView.today))
      : [el('tr', {}, el('td', { colspan: COLUMNS.length + 1, class: 'muted', testid: 'orders-no-match', text: t('orders.no_match') }))]);
    count.textContent = t('orders.count', { shown: rows.length, total });
    head.querySelectorAll('th[aria-sort]').forEach((th, i) => {
      th.setAttribute('aria-sort', COLUMNS[i][0] === view.sort ? (view.ascending ? 'ascending' : 'descending') : 'none');
    });
  }

  // 46 orders are some 140 Tab stops: a link past the table to the rule cards comes first.
  const rules = el('div', { id: 'order-rules', class: 'order-rules', tabindex: '-1', testid: 'order-rules' }, ruleCards(task, app));
  const skip = el('a', {
    href: '#order-rules', class: 'skip-link', testid: 'skip-to-rules', text: t('orders.skip_to_rules'),
    onclick: (event) => {
      event.preventDefault();
      rules.focus();
    },
  });
  main.classList.add('wide');
  append(main,
    backLink(app),
    el('h1', { testid: 'step-title', text: t(`task.${task.id}.title`) }),
    el('p', { class: 'lead', text: t(`task.${task.id}.about`) }),
    orders.length === 0
      ? el('p', { class: 'panel', testid: 'orders-none', text: app.caseView.files.length ? t('orders.none_open') : t('orders.no_data') })
      : el('section', {},
        el('p', { class: 'panel', testid: 'orders-what-clears', text: t('orders.what_clears') }),
        el('p', {}, skip),
        el('div', { class: 'row filters' },
          el('label', { for: 'orders-state', text: t('orders.filter') }), filter,
          el('label', { for: 'orders-search', class: 'visually-hidden', text: t('orders.search') }), search),
        count,
        el('div', { class: 'table-wrap' }, el('table', { class: 'data', testid: 'orders-table' }, el('thead', {}, head), body)),
        total > orders.length ? el('p', { class: 'muted', text: t('orders.truncated', { shown: orders.length, total }) }) : null),
    rules,
  );
  if (orders.length) draw();
}

function compare(a, b, key) {
  const value = (o) => (key === 'amount' ? Number(o.amount) : o[key]);
  const x = value(a);
  const y = value(b);
  return x < y ? -1 : x > y ? 1 : a.order_id.localeCompare(b.order_id);
}

/** One open order; a deadline on a day before `today` (the case's) is marked overdue. */
function orderRow(order, app, today) {
  const id = order.order_id;
  const overdue = order.deadline && order.deadline.slice(0, 10) < today;
  return el('tr', { testid: `order-row-${id}` },
    el('td', {}, el('span', { class: 'tag', text: t(`order_state.${order.state}`) }), order.state === 'unknown' ? el('span', { class: 'muted', text: ` ${order.label}` }) : null),
    el('td', { class: 'mono', text: id }),
    el('td', { class: 'date', text: formatDate(order.placed ?? '') }),
    el('td', { class: 'num', text: order.amount ? formatMoney(order.amount, order.currency) : '' }),
    el('td', { class: 'date' }, order.deadline ?? '', overdue ? el('strong', { class: 'tag tag-danger', testid: `overdue-${id}`, text: ` ${t('orders.overdue')}` }) : null),
    el('td', { text: t(`suggested.${order.suggested}`) }),
    el('td', {}, orderActionControls(order, order.state === 'unknown' ? UNKNOWN_ACTIONS : ORDER_ACTIONS, app)),
  );
}
