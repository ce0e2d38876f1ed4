// One checklist rule on a step page: status, evidence, what to do, and the answer controls.

import { el } from '../lib/dom.js';
import { t, has, formatDate, formatMoney } from '../lib/i18n.js';
import { call } from '../lib/ipc.js';
import { screenFor } from '../screens/task-list.js';
import { dateField, dateInvalid } from './date-field.js';
import { formErrors } from './error-summary.js';
import { attachmentsArea } from './attachments.js';

// Rules whose answer's date starts or ends a wait: their date field says which day it is.
const DATED = ['closure-notice', 'holiday-mode-on', 'promotions-ended'];

export function ruleCard(rule, app) {
  return el('section', { class: 'rule-card', testid: `rule-${rule.id}` },
    el('div', { class: 'rule-head' },
      el('h2', { text: rule.title }),
      el('strong', { class: `tag rule-${rule.status}`, testid: `rule-status-${rule.id}`, text: statusWords(rule.status) }),
    ),
    // When an answer decided the rule, the answer box below says it all.
    rule.attestation ? null : el('p', { testid: `rule-evidence-${rule.id}`, text: rule.evidence }),
    rule.until ? el('p', { text: t('check.until', { date: rule.until }) }) : null,
    orderIds(rule, app),
    rule.status === 'pass' || rule.status === 'attested' || rule.status === 'not_applicable'
      ? null
      : el('p', { class: 'action', testid: `rule-action-${rule.id}` }, el('span', { 'aria-hidden': 'true', text: '→ ' }), rule.action),
    rule.overridden_parameters.length
      ? el('p', { class: 'muted small-text', text: t('rule.overridden', { names: rule.overridden_parameters.join(', ') }) })
      : null,
    answerArea(rule, app),
  );
}

/** Status in words and a symbol, so it survives black-and-white printing and colour blindness. */
export function statusWords(status) {
  const symbol = { pass: '✓', attested: '✓', not_applicable: '–', warning: '!', blocked: '✗', not_checked: '?' }[status] ?? '';
  return `${symbol} ${t(`rule_status.${status}`)}`;
}

/**
 * The orders behind a rule (the first 50 the window is sent: SHOWN_ORDER_IDS in
 * app/commands.rs, and how many there are in all), each with its day, state and amount once the
 * list is opened; an unfinished one links to the orders table, where something can be done.
 */
function orderIds(rule, app) {
  if (!rule.order_count) return null;
  const shown = rule.order_ids;
  const body = el('tbody', {}, shown.map((id) => el('tr', {}, el('td', { class: 'mono', text: id }))));
  const details = el('details', { class: 'order-ids', testid: `rule-orders-${rule.id}` },
    el('summary', { text: t('rule.order_count', { count: rule.order_count }) }),
    el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, ['orders.col.id', 'orders.col.placed', 'orders.col.state', 'orders.col.amount'].map((k) => el('th', { scope: 'col', text: t(k) })))),
      body),
    rule.order_count > shown.length ? el('p', { class: 'muted', text: t('rule.more_orders', { count: rule.order_count - shown.length }) }) : null,
  );
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    try {
      const lines = await call('order_lines', { ids: shown });
      body.replaceChildren(...lines.map((o) => orderLine(o, app)));
    } catch (error) {
      app.showError(error);
    }
  });
  return details;
}

/** What the answer form asks: a warning is acknowledged with a note; a data rule without data is confirmed by hand. */
function question(rule) {
  if (rule.status === 'warning') return has(`answer.question_warning.${rule.id}`) ? t(`answer.question_warning.${rule.id}`) : t('answer.question_warning');
  return rule.kind === 'attested' ? t('answer.question') : t('answer.question_no_data');
}

function orderLine(order, app) {
  const unfinished = order.state !== 'completed' && order.state !== 'closed';
  return el('tr', { testid: `rule-order-${order.order_id}` },
    el('td', { class: 'mono' }, unfinished
      ? el('button', { type: 'button', class: 'link', text: order.order_id, onclick: () => app.go('orders', { taskId: 'unfinished-orders' }) })
      : order.order_id),
    el('td', { class: 'date', text: formatDate(order.placed ?? '') }),
    el('td', { text: t(`order_state.${order.state}`) }),
    el('td', { class: 'num', text: order.amount ? formatMoney(order.amount, order.currency) : '' }));
}

function answerArea(rule, app) {
  const a = rule.attestation;
  if (a) {
    return el('div', { class: 'answer given', tabindex: '-1', testid: `answer-given-${rule.id}` },
      el('p', { text: t(`answer.given.${a.answer}`, { date: a.date, who: t(`who.${a.who}`) }) }),
      a.note ? el('p', { class: 'note', text: a.note }) : null,
      el('h3', { class: 'evidence-title', text: t('attach.title') }),
      attachmentsArea('rule', rule.id, app),
      el('button', {
        type: 'button', class: 'secondary small', testid: `withdraw-${rule.id}`, text: t('answer.withdraw'),
        onclick: () => withdraw(app, rule),
      }),
    );
  }
  if (!rule.attestable) {
    return rule.id === 'closure-application' ? stillOpen(app) : null;
  }
  return answerForm(rule, app);
}

/**
 * Why the closure application cannot start yet: what holds closure up (the banner's list, the
 * one count), each a link to the step that settles it.
 */
function stillOpen(app) {
  const open = app.caseView.tasks.holding_up;
  return el('div', { class: 'panel', testid: 'closure-cannot-start' },
    el('p', { text: t('answer.cannot_start') }),
    open.length ? el('p', { text: t('tasks.holding_up', { count: open.length }) }) : null,
    open.length ? el('ul', { class: 'still-open', testid: 'still-open' }, open.map((item) => el('li', {},
      el('button', {
        type: 'button', class: 'task-link', testid: `still-open-${item.rule}`, text: t(`rule.${item.rule}.title`),
        onclick: () => app.go(screenFor(item.task), { taskId: item.task }),
      })))) : null,
  );
}

function answerForm(rule, app) {
  const id = rule.id;
  const radio = (value, label) => el('label', { class: 'choice' },
    // Nothing is chosen for the seller: an answer is theirs to give.
    el('input', { type: 'radio', id: `answer-${value}-${id}`, name: `answer-${id}`, value, testid: `answer-${value}-${id}` }),
    el('span', { text: label }));
  // The last promotion's end may lie ahead; anything else is done on a day already past.
  const date = dateField({ id: `date-${id}`, testid: `answer-date-${id}`, value: app.caseView.today, max: id === 'promotions-ended' ? null : app.caseView.today });
  const note = el('textarea', { id: `note-${id}`, testid: `answer-note-${id}`, rows: 2 });
  const who = el('select', { id: `who-${id}`, testid: `answer-who-${id}` },
    el('option', { value: 'seller', text: t('who.seller') }),
    el('option', { value: 'bookkeeper', text: t('who.bookkeeper') }));
  const form = el('form', { class: 'answer', testid: `answer-form-${id}`, novalidate: true },
    el('fieldset', { class: 'field' },
      el('legend', { class: 'label', text: question(rule) }),
      radio('done', t('answer.done')),
      rule.id === 'closure-application' ? null : radio('not_applicable', t('answer.not_applicable')),
    ),
    el('div', { class: 'row' },
      el('div', { class: 'field' }, el('label', { for: `date-${id}`, text: t(DATED.includes(id) ? `answer.date.${id}` : 'answer.date') }), date),
      el('div', { class: 'field' }, el('label', { for: `who-${id}`, text: t('answer.who') }), who),
    ),
    el('div', { class: 'field' }, el('label', { for: `note-${id}`, text: t('answer.note') }), note),
    el('div', { class: 'row' },
      el('button', { type: 'submit', class: 'primary small', testid: `answer-save-${id}`, text: t('answer.save') }),
      el('button', { type: 'submit', class: 'secondary small', testid: `answer-continue-${id}`, text: t('answer.save_continue') })),
  );
  const errors = formErrors(form, (error) => ({ answer: `answer-done-${id}`, date: `date-${id}`, note: `note-${id}`, who: `who-${id}` })[error?.field] ?? null);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answer = form.querySelector(`input[name="answer-${id}"]:checked`)?.value;
    const day = date.dateValue();
    const problems = [
      answer ? null : { field: `answer-done-${id}`, message: t('answer.choose_first') },
      day ? null : dateInvalid(`date-${id}`),
    ].filter(Boolean);
    if (problems.length) {
      app.clearMessages();
      errors.show(problems);
      return;
    }
    const onward = event.submitter?.dataset.testid === `answer-continue-${id}`;
    attest(app, { ruleId: id, answer, date: day, note: note.value, who: who.value }, onward, errors.showError);
  });
  return form;
}

/** Records the answer; then the answer shows where the form was, with focus on it, or, with
 * "Save and continue", the next task opens (the task list after the last). */
async function attest(app, args, onward, showError) {
  app.clearMessages();
  try {
    app.caseView = await call('attest', args);
    if (onward) {
      const next = nextTask(app, args.ruleId);
      await (next ? app.go(screenFor(next.id), { taskId: next.id }) : app.go('tasks'));
      app.notice(t('answer.saved'));
      return;
    }
    await app.render();
    const given = document.querySelector(`[data-testid="answer-given-${CSS.escape(args.ruleId)}"]`);
    app.notice(t('answer.saved'), { near: given, before: true });
    given?.focus();
  } catch (error) {
    showError(error);
  }
}

/** The task after the one showing (or the one that settles `ruleId`), in task-list order. */
function nextTask(app, ruleId) {
  const tasks = app.caseView.tasks.groups.flatMap((g) => g.tasks);
  const here = tasks.findIndex((task) => (app.params.taskId ? task.id === app.params.taskId : task.rules.includes(ruleId)));
  return here < 0 ? null : tasks[here + 1] ?? null;
}

/** Withdraws an answer, with Undo: Undo records the same answer again, with its date, note and who. */
async function withdraw(app, rule) {
  const before = rule.attestation;
  app.clearMessages();
  try {
    app.caseView = await call('withdraw', { ruleId: rule.id, who: 'seller' });
    await app.render();
    const again = () => call('attest', { ruleId: rule.id, answer: before.answer, date: before.date, note: before.note, who: before.who });
    const near = document.querySelector(`[data-testid="answer-form-${CSS.escape(rule.id)}"]`);
    app.undoNotice(t('answer.withdrawn'), again, { near, before: true, landing: `answer-given-${rule.id}` }).focus();
  } catch (error) {
    app.showError(error);
  }
}
