// "Check your answers": every answer in force, with a Change link to its step, then the
// full history (withdrawn answers included).

import { append, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { backLink } from '../components/back-link.js';

export async function answersScreen(main, app) {
  const { checklist, tasks, answers, attachments } = app.caseView;
  const filesOf = (ruleId) => attachments.filter((a) => a.subject === 'rule' && a.subject_key === ruleId);
  const taskOf = (ruleId) => tasks.groups.flatMap((g) => g.tasks).find((task) => task.rules.includes(ruleId));
  const given = checklist.rules.filter((r) => r.attestation);

  append(main, 
    backLink(app),
    el('h1', { text: t('answers.title') }),
    el('p', { class: 'lead', text: t('answers.lead') }),
    given.length === 0
      ? el('p', { class: 'muted', testid: 'answers-empty', text: t('answers.none') })
      : el('dl', { class: 'summary-list', testid: 'answers-list' },
        given.map((rule) => el('div', { class: 'summary-row', testid: `answer-row-${rule.id}` },
          el('dt', { text: rule.title }),
          el('dd', {},
            el('span', { text: t(`answer.given.${rule.attestation.answer}`, { date: rule.attestation.date, who: t(`who.${rule.attestation.who}`) }) }),
            rule.attestation.note ? el('span', { class: 'note', text: rule.attestation.note }) : null,
            filesOf(rule.id).length
              ? el('span', { class: 'note small-text', testid: `answer-files-${rule.id}`, text: t('answers.files', { count: filesOf(rule.id).length, names: filesOf(rule.id).map((a) => a.name).join(', ') }) })
              : null),
          el('dd', { class: 'summary-action' },
            el('button', {
              type: 'button', class: 'link', testid: `change-${rule.id}`,
              'aria-label': `${t('answers.change')} ${rule.title}`,
              text: t('answers.change'),
              onclick: () => app.go('step', { taskId: taskOf(rule.id).id }),
            })),
        ))),
    answers.length
      ? el('details', { class: 'history' },
        el('summary', { text: t('answers.history', { count: answers.length }) }),
        el('table', {},
          el('thead', {}, el('tr', {}, ['answers.col.step', 'answers.col.answer', 'answers.col.date', 'answers.col.who', 'answers.col.note'].map((k) => el('th', { scope: 'col', text: t(k) })))),
          el('tbody', {}, answers.map((row) => el('tr', {},
            el('td', { text: checklist.rules.find((r) => r.id === row.rule_id)?.title ?? row.rule_id }),
            el('td', { text: t(`answers.kind.${row.answer}`) }),
            el('td', { text: row.date }),
            el('td', { text: t(`who.${row.who}`) }),
            el('td', { text: row.note }),
          ))),
        ))
      : null,
  );
}
