// The case's task list, GOV.UK style: groups of steps, each with its status.

import { append, el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call, saveFileDialog } from '../lib/ipc.js';
import { verdictBanner } from '../components/verdict.js';

/** Steps with a tool of their own get their screen; the rest are answered on a step page. */
export function screenFor(taskId) {
  if (taskId === 'profile') return 'profile';
  if (taskId === 'import-orders' || taskId === 'import-money') return 'import';
  if (taskId === 'unfinished-orders') return 'orders';
  if (taskId === 'money-released' || taskId === 'balance-withdrawn') return 'money';
  return 'step';
}

export async function taskListScreen(main, app) {
  const { tasks, checklist } = app.caseView;
  append(main, 
    el('h1', { testid: 'tasks-title', text: t('tasks.title') }),
    app.caseView.read_only ? el('p', { class: 'read-only', role: 'status', testid: 'read-only', text: t('case.read_only') }) : null,
    verdictBanner(checklist, tasks.holding_up, (taskId) => app.go(screenFor(taskId), { taskId })),
    el('p', { class: 'progress', testid: 'tasks-progress', text: progressLine(tasks) }),
    el('ol', { class: 'task-groups' },
      tasks.groups.map((group, index) => el('li', { class: 'task-group', testid: `group-${group.id}` },
        el('h2', {}, el('span', { class: 'group-number', text: `${index + 1}.` }), ' ', t(`group.${group.id}`)),
        el('ul', { class: 'task-list' },
          group.tasks.map((task) => el('li', { class: 'task' },
            el('button', {
              type: 'button',
              class: 'task-link',
              testid: `task-${task.id}`,
              onclick: () => app.go(screenFor(task.id), { taskId: task.id }),
            }, t(`task.${task.id}.title`)),
            el('strong', { class: `tag status-${task.status}`, testid: `task-status-${task.id}`, text: t(`status.${task.status}`) }),
            whatToCheck(task, checklist),
          )),
        ),
      )),
    ),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary', testid: 'check-answers', text: t('answers.title'), onclick: () => app.go('answers') }),
      el('button', { type: 'button', class: 'secondary', testid: 'open-report', text: t('report_screen.title'), onclick: () => app.go('report') }),
    ),
    sendToBookkeeper(app),
  );
}

/** One count at the top: tasks done, and how many things still hold closure up (named above). */
function progressLine(tasks) {
  const done = t('tasks.progress', { done: tasks.done, total: tasks.total });
  const count = tasks.holding_up.length;
  const holding = count === 0 ? t('tasks.nothing_blocks') : t('tasks.holding_up', { count });
  return `${done} · ${holding}`;
}

/** Under a task to check, what to check: the evidence of each rule of it that warns. */
function whatToCheck(task, checklist) {
  if (task.status !== 'check_this') return null;
  const warnings = checklist.rules.filter((r) => task.rules.includes(r.id) && r.status === 'warning');
  return el('p', { class: 'hint task-check', testid: `task-check-${task.id}`, text: warnings.map((r) => r.evidence).join(' ') });
}

/** A copy of the case as one file, for the bookkeeper: the original stays as it is. */
function sendToBookkeeper(app) {
  const withoutNotes = el('input', { type: 'checkbox', id: 'export-without-notes', testid: 'export-without-notes' });
  return el('section', { class: 'send-copy', testid: 'send-copy' },
    el('h2', { text: t('export.title') }),
    el('p', { class: 'hint', text: t('export.about') }),
    el('p', {}, withoutNotes, ' ', el('label', { for: 'export-without-notes', text: t('export.without_notes') })),
    el('button', {
      type: 'button', class: 'secondary', testid: 'export-case', text: t('export.save'),
      onclick: async () => {
        try {
          const proposed = await call('copy_path');
          const path = await saveFileDialog({ defaultPath: proposed, filters: [{ name: 'Closeout', extensions: ['closeout'] }] });
          if (!path) return;
          await call('export_case', { path, withoutNotes: withoutNotes.checked });
          app.notice(t('export.saved', { path }), { near: 'export-case' });
        } catch (error) {
          app.showError(error);
        }
      },
    }));
}
