// The verdict in one sentence, with the earliest closure date, at the top of the task list, and
// each thing that holds closure up named, with its date where only time is in the way. The
// count is the core's (`tasks.holding_up`): the task list, the report and the CLI show the same.

import { el } from '../lib/dom.js';
import { t, formatDate } from '../lib/i18n.js';

export function verdictBanner(checklist, holdingUp, openTask) {
  const ready = checklist.verdict === 'ready';
  const date = checklist.earliest_closure_date;
  const sentence = ready
    ? t('check.ready', { date: formatDate(checklist.as_of) })
    : date ? t('check.not_ready_until', { date: formatDate(date) }) : t('check.not_ready');
  return el('section', { class: `verdict ${ready ? 'verdict-ready' : 'verdict-not-ready'}`, testid: 'verdict', 'data-verdict': checklist.verdict },
    el('p', { class: 'verdict-sentence', testid: 'verdict-sentence', text: sentence }),
    el('p', { class: 'verdict-detail' },
      el('span', { text: t('verdict.earliest') }), ' ',
      el('strong', { testid: 'earliest-date', 'data-date': date ?? '', text: date ? formatDate(date) : t('verdict.no_date') }),
    ),
    holdingUpList(holdingUp, openTask),
  );
}

/** A few things are listed as they are; a long list (a new case holds up on every step) is
 * folded under its count, so the tasks stay in sight. */
const LISTED_OPEN = 6;

function holdingUpList(holdingUp, openTask) {
  if (holdingUp.length === 0) return null;
  const list = el('ul', { class: 'holding-up', testid: 'holding-up', 'data-count': holdingUp.length },
    holdingUp.map((item) => el('li', {},
      el('button', {
        type: 'button', testid: `holding-up-${item.rule}`, onclick: () => openTask(item.task),
        text: holdUpName(item),
      }))));
  if (holdingUp.length <= LISTED_OPEN) return list;
  return el('details', { class: 'holding-up-all', testid: 'holding-up-all' },
    el('summary', { text: t('tasks.holding_up', { count: holdingUp.length }) }), list);
}

/** The rule's title, with the day it stops holding closure up when only time is in the way. */
function holdUpName(item) {
  const title = t(`rule.${item.rule}.title`);
  return item.until ? t('verdict.holding_up_until', { title, date: formatDate(item.until) }) : title;
}
