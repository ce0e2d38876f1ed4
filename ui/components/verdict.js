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
    holdingUp.length === 0 ? null : el('ul', { class: 'holding-up', testid: 'holding-up', 'data-count': holdingUp.length },
      holdingUp.map((item) => el('li', {},
        el('button', {
          type: 'button', testid: `holding-up-${item.rule}`, onclick: () => openTask(item.task),
          text: holdUpName(item),
        })))),
  );
}

/** The rule's title, with the day it stops holding closure up when only time is in the way. */
function holdUpName(item) {
  const title = t(`rule.${item.rule}.title`);
  return item.until ? t('verdict.holding_up_until', { title, date: formatDate(item.until) }) : title;
}
