// The shell: language, the top bar, errors, and which screen is showing.

import { append, el, replace } from './lib/dom.js';
import { setCurrencySigns, setLanguage, t, language } from './lib/i18n.js';
import { call, folderOf, listen, setStartFolder } from './lib/ipc.js';
import { homeScreen } from './screens/home.js';
import { newCaseScreen } from './screens/new-case.js';
import { taskListScreen } from './screens/task-list.js';
import { profileScreen } from './screens/profile.js';
import { stepScreen } from './screens/step.js';
import { answersScreen } from './screens/answers.js';
import { importScreen, importPaths } from './screens/import.js';
import { ordersScreen } from './screens/orders.js';
import { moneyScreen } from './screens/money.js';
import { leaveReport, reportScreen } from './screens/report.js';

const screens = {
  home: homeScreen,
  'new-case': newCaseScreen,
  tasks: taskListScreen,
  profile: profileScreen,
  step: stepScreen,
  answers: answersScreen,
  import: importScreen,
  orders: ordersScreen,
  money: moneyScreen,
  report: reportScreen,
};

let documents = null;

const app = {
  caseView: null,
  screen: 'home',
  params: {},

  async go(screen, params = {}) {
    this.screen = screen;
    this.params = params;
    this.clearMessages();
    await this.render({ fresh: true });
  },

  /** Draws the screen; drawn again in place (not `fresh`), focus goes back to the element with
   * the same data-testid when there still is one, so it never falls to the page's body. */
  async render({ fresh = false } = {}) {
    const main = document.getElementById('main');
    const focused = fresh ? null : document.activeElement;
    const outside = focused && focused !== document.body && !main.contains(focused) && focused.isConnected;
    const testid = focused && main.contains(focused) ? focused.dataset?.testid : null;
    const scroll = window.scrollY;
    main.className = '';
    leaveReport();
    noticeHome();
    replace(main);
    renderChrome();
    setStartFolder(this.caseView ? folderOf(this.caseView.path) : documents);
    await screens[this.screen](main, this, this.params);
    const again = testid ? byTestid(testid, main) : null;
    if (again) {
      window.scrollTo(0, scroll);
      again.focus();
    } else if (!outside || !focused.isConnected) {
      window.scrollTo(0, 0);
      main.focus({ preventScroll: true });
    }
  },

  /** Opens a case file and shows its task list, or says why it cannot. */
  async openCase(path) {
    try {
      this.caseView = await call('open_case', { path });
      await this.go('tasks');
    } catch (error) {
      this.showError(error);
    }
  },

  /** An error about no form field (opening a case, a file that cannot be written). */
  showError(error) {
    document.getElementById('notice').hidden = true;
    const box = document.getElementById('error');
    const code = error?.code ?? 'ipc';
    const lead = t(`error.${code}`);
    replace(box, lead === `error.${code}` ? t('error.ipc') : lead, ' ', error?.message ?? '');
    // A damaged case: offer its latest backup, copied beside it under a new name.
    if (error?.backup) {
      append(box, ' ', el('button', {
        type: 'button', class: 'secondary small', testid: 'restore-backup', text: t('error.restore_backup'),
        onclick: async () => {
          try {
            this.caseView = await call('restore_backup', { backup: error.backup });
            await this.go('tasks');
            this.notice(t('error.restored', { path: this.caseView.path }));
          } catch (e) {
            this.showError(e);
          }
        },
      }));
    }
    box.hidden = false;
    box.focus();
  },

  /** Success: any earlier error is about something already done again, so it goes. With
   * `near` (an element or a data-testid), the notice shows right after it, where the person
   * acted (or just `before` it), instead of at the top of the page. */
  notice(text, { near = null, before = false } = {}) {
    document.getElementById('error').hidden = true;
    for (const summary of document.querySelectorAll('[data-testid="error-summary"]')) summary.hidden = true;
    const box = placeNotice(near, before);
    box.textContent = text;
    box.hidden = false;
  },

  /** A notice for what was just done, with Undo: the notice goes with the next action. It shows
   * after `near` (see `notice`); after Undo, focus goes to the element `landing` names (a
   * data-testid) and "Undone" shows after it. Returns the Undo button. */
  undoNotice(text, undo, { near = null, before = false, landing = null } = {}) {
    document.getElementById('error').hidden = true;
    const box = placeNotice(near, before);
    const button = el('button', {
      type: 'button', class: 'secondary small', testid: 'undo', text: t('undo.button'),
      onclick: async () => {
        try {
          this.caseView = await undo();
          await this.render();
          const target = landing ? byTestid(landing) : null;
          this.notice(t('undo.done'), { near: target });
          if (target) target.focus();
          else document.getElementById('main').focus({ preventScroll: true });
        } catch (error) {
          this.showError(error);
        }
      },
    });
    replace(box, text, ' ', button);
    box.hidden = false;
    return button;
  },

  clearMessages() {
    document.getElementById('error').hidden = true;
    noticeBox().hidden = true;
  },
};

/** The one success notice; it moves next to the control that caused it and back home, above
 * the screen, for everything else. Kept here so a redraw that drops it does not lose it. */
let theNotice = null;

function noticeBox() {
  theNotice ??= document.getElementById('notice');
  return theNotice;
}

/** Puts the notice back above the screen (before a redraw, or for a notice about no control). */
function noticeHome() {
  const box = noticeBox();
  const main = document.getElementById('main');
  if (box.nextElementSibling !== main) main.before(box);
  box.classList.remove('at-control');
  return box;
}

/** Puts the notice right after `near` (an element or a data-testid), or before it. */
function placeNotice(near, before = false) {
  const anchor = typeof near === 'string' ? byTestid(near) : near;
  if (!anchor?.isConnected) return noticeHome();
  const box = noticeBox();
  box.hidden = true;
  if (before) anchor.before(box);
  else anchor.after(box);
  box.classList.add('at-control');
  return box;
}

function byTestid(testid, root = document) {
  return root.querySelector(`[data-testid="${CSS.escape(testid)}"]`);
}

/** Another process (`closeout import`, a second window) changed the open case: refresh what
 * is shown where nothing is being typed, and say so. */
async function watchCase() {
  if (app.caseView && !document.hidden) {
    try {
      const version = await call('case_version');
      // null while an import holds the case; its own result refreshes the view.
      if (version !== null && version !== app.caseView.version) {
        app.caseView = await call('case_view');
        if (['tasks', 'answers', 'step'].includes(app.screen)) await app.render();
        app.notice(t('app.case_changed'));
      }
    } catch {
      // The case may be closing or being replaced; the next tick looks again.
    }
  }
  setTimeout(watchCase, 2000);
}

function renderChrome() {
  document.title = app.caseView ? `${app.caseView.profile.store_name} — Closeout` : 'Closeout';
  document.getElementById('case-name').textContent = app.caseView?.profile.store_name ?? '';
  document.getElementById('language-label').textContent = t('app.language');
  document.getElementById('home-link').setAttribute('aria-label', t('app.home'));
  document.getElementById('language').value = language();
}

async function start() {
  const info = await call('app_info');
  documents = info.documents;
  setCurrencySigns(info.currency_signs);
  await setLanguage(info.language);
  document.getElementById('language').addEventListener('change', async (event) => {
    const lang = event.target.value;
    await setLanguage(lang);
    try {
      await call('set_language', { language: lang });
      // Rule texts come from the core in the chosen language.
      if (app.caseView) app.caseView = await call('case_view');
    } catch (error) {
      app.showError(error);
    }
    await app.render();
  });
  document.getElementById('home-link').addEventListener('click', () => app.go('home'));
  await listen('closeout://files-dropped', async (event) => {
    const { paths, x, y } = event.payload;
    // Dropped on an answer's evidence: attached to that answer.
    const zone = app.caseView ? document.elementFromPoint(x, y)?.closest('[data-attach-subject]') : null;
    if (zone && !paths.some((p) => p.toLowerCase().endsWith('.closeout'))) {
      zone.dispatchEvent(new CustomEvent('closeout-attach', { detail: paths }));
      return;
    }
    const caseFile = paths.find((p) => p.toLowerCase().endsWith('.closeout'));
    if (caseFile || !app.caseView) {
      app.openCase(caseFile ?? paths[0]);
      return;
    }
    // Data files dropped on an open case are imported, on the import step.
    if (app.screen !== 'import') await app.go('import', { taskId: 'import-orders' });
    importPaths(paths);
  });
  watchCase();
  // A case double-clicked while Closeout runs arrives here instead of in a second window.
  await listen('closeout://open-case', (event) => app.openCase(event.payload));
  // A case named at launch, else the one open when the window last closed.
  const reopen = info.launch_case ?? info.last_case;
  if (reopen) {
    await app.openCase(reopen);
    if (!app.caseView) await app.render();
  } else {
    await app.go('home');
  }
}

start().catch((error) => app.showError(error));
