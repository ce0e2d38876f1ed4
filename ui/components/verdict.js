// The verdict in one sentence, with the earliest closure date, at the top of the task list.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export function verdictBanner(checklist) {
  const ready = checklist.verdict === 'ready';
  const date = checklist.earliest_closure_date;
  const sentence = ready
    ? t('check.ready', { date: checklist.as_of })
    : date ? t('check.not_ready_until', { date }) : t('check.not_ready');
  return el('section', { class: `verdict ${ready ? 'verdict-ready' : 'verdict-not-ready'}`, testid: 'verdict', 'data-verdict': checklist.verdict },
    el('p', { class: 'verdict-sentence', testid: 'verdict-sentence', text: sentence }),
    el('p', { class: 'verdict-detail' },
      el('span', { text: t('verdict.earliest') }), ' ',
      el('strong', { testid: 'earliest-date', text: date ?? t('verdict.no_date') }),
    ),
  );
}
