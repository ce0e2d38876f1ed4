// One checklist rule on a step page: status, evidence, what to do, and the answer controls.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call } from '../lib/ipc.js';
import { screenFor } from '../screens/task-list.js';
import { dateField, dateInvalid } from './date-field.js';
import { formErrors } from './error-summary.js';
import { attachmentsArea } from './attachments.js';

export function ruleCard(rule, app) {
  return el('section', { class: 'rule-card', testid: `rule-${rule.id}` },
    el('div', { class: 'rule-head' },
      el('h2', { text: rule.title }),
      el('strong', { class: `tag rule-${rule.status}`, testid: `rule-status-${rule.id}`, text: statusWords(rule.status) }),
    ),
    // When an answer decided the rule, the answer box below says it all.
    rule.attestation ? null : el('p', { testid: `rule-evidence-${rule.id}`, text: rule.evidence }),
    rule.until ? el('p', { text: t('check.until', { date: rule.until }) }) : null,
    orderIds(rule),
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

/** The ids the window is sent (the first 50: SHOWN_ORDER_IDS in app/commands.rs) and how many there are in all. */
function orderIds(rule) {
  if (!rule.order_count) return null;
  const shown = rule.order_ids;
  return el('details', { class: 'order-ids', testid: `rule-orders-${rule.id}` },
    el('summary', { text: t('rule.order_count', { count: rule.order_count }) }),
    el('ul', {}, shown.map((id) => el('li', { text: id }))),
    rule.order_count > shown.length ? el('p', { class: 'muted', text: t('rule.more_orders', { count: rule.order_count - shown.length }) }) : null,
  );
}

function answerArea(rule, app) {
  const a = rule.attestation;
  if (a) {
    return el('div', { class: 'answer given', testid: `answer-given-${rule.id}` },
      el('p', { text: t(`answer.given.${a.answer}`, { date: a.date, who: t(`who.${a.who}`) }) }),
      a.note ? el('p', { class: 'note', text: a.note }) : null,
      el('h3', { class: 'evidence-title', text: t('attach.title') }),
      attachmentsArea('rule', rule.id, app),
      el('button', {
        type: 'button', class: 'secondary small', testid: `withdraw-${rule.id}`, text: t('answer.withdraw'),
        onclick: () => submit(app, 'withdraw', { ruleId: rule.id, who: 'seller' }),
      }),
    );
  }
  if (!rule.attestable) {
    return rule.id === 'closure-application' ? stillOpen(app) : null;
  }
  return answerForm(rule, app);
}

/** Why the closure application cannot start yet, and the steps still open, each a link to it. */
function stillOpen(app) {
  const open = app.caseView.tasks.groups.flatMap((g) => g.tasks)
    .filter((task) => task.id !== 'closure-application' && (task.status === 'not_started' || task.status === 'in_progress'));
  return el('div', { class: 'panel', testid: 'closure-cannot-start' },
    el('p', { text: t('answer.cannot_start') }),
    open.length ? el('p', { text: t('answer.still_open', { count: open.length }) }) : null,
    open.length ? el('ul', { class: 'still-open', testid: 'still-open' }, open.map((task) => el('li', {},
      el('button', {
        type: 'button', class: 'task-link', testid: `still-open-${task.id}`, text: t(`task.${task.id}.title`),
        onclick: () => app.go(screenFor(task.id), { taskId: task.id }),
      })))) : null,
  );
}

function answerForm(rule, app) {
  const id = rule.id;
  const radio = (value, label) => el('label', { class: 'choice' },
    el('input', { type: 'radio', name: `answer-${id}`, value, testid: `answer-${value}-${id}`, checked: value === 'done' }),
    el('span', { text: label }));
  const date = dateField({ id: `date-${id}`, testid: `answer-date-${id}`, value: app.caseView.today, max: app.caseView.today });
  const note = el('textarea', { id: `note-${id}`, testid: `answer-note-${id}`, rows: 2 });
  const who = el('select', { id: `who-${id}`, testid: `answer-who-${id}` },
    el('option', { value: 'seller', text: t('who.seller') }),
    el('option', { value: 'bookkeeper', text: t('who.bookkeeper') }));
  const form = el('form', { class: 'answer', testid: `answer-form-${id}`, novalidate: true },
    el('fieldset', {},
      el('legend', { text: rule.kind === 'attested' ? t('answer.question') : t('answer.question_no_data') }),
      radio('done', t('answer.done')),
      rule.id === 'closure-application' ? null : radio('not_applicable', t('answer.not_applicable')),
    ),
    el('div', { class: 'row' },
      el('div', { class: 'field' }, el('label', { for: `date-${id}`, text: t('answer.date') }), date),
      el('div', { class: 'field' }, el('label', { for: `who-${id}`, text: t('answer.who') }), who),
    ),
    el('div', { class: 'field' }, el('label', { for: `note-${id}`, text: t('answer.note') }), note),
    el('button', { type: 'submit', class: 'primary small', testid: `answer-save-${id}`, text: t('answer.save') }),
  );
  const errors = formErrors(form, (error) => ({ date: `date-${id}`, note: `note-${id}`, who: `who-${id}` })[error?.field] ?? null);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answer = form.querySelector(`input[name="answer-${id}"]:checked`)?.value ?? 'done';
    const day = date.dateValue();
    if (!day) {
      app.clearMessages();
      errors.show([dateInvalid(`date-${id}`)]);
      return;
    }
    submit(app, 'attest', { ruleId: id, answer, date: day, note: note.value, who: who.value }, errors.showError);
  });
  return form;
}

async function submit(app, command, args, showError = (e) => app.showError(e)) {
  app.clearMessages();
  try {
    app.caseView = await call(command, args);
    await app.render();
    app.notice(t(command === 'attest' ? 'answer.saved' : 'answer.withdrawn'));
  } catch (error) {
    showError(error);
  }
}
