// The evidence under an answer: the files attached to it (a thumbnail for a picture, an icon for
// a PDF or an e-mail), each openable and removable with Undo, and three ways to add more: the
// file dialog, a drop on the area, or pasting a screenshot while the area has focus.
// The core decides what a file is from its bytes; nothing here reads a file's contents as markup.

import { el, replace } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call, openFileDialog } from '../lib/ipc.js';

const EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'pdf', 'eml'];

/** @param {'rule'|'order'|'balance'} subject  @param {string|number} key  the rule id, order number or balance id */
export function attachmentsArea(subject, key, app) {
  const area = el('div', {
    class: 'attachments', tabindex: '0', testid: `attachments-${subject}-${key}`,
    'data-attach-subject': subject, 'data-attach-key': String(key), 'aria-label': t('attach.area_label'),
  });
  const draw = () => replace(area, ...contents(subject, String(key), app, draw, area));
  area.addEventListener('paste', (event) => pasted(event, subject, String(key), app, draw, area));
  // A drop on the window lands here when it is over this area (main.js routes it).
  area.addEventListener('closeout-attach', (event) => attach(app, draw, area, 'attach_files', { subject, key: String(key), paths: event.detail }));
  draw();
  return area;
}

function contents(subject, key, app, draw, area) {
  const files = (app.caseView.attachments ?? []).filter((a) => a.subject === subject && a.subject_key === key);
  return [
    files.length
      ? el('ul', { class: 'attachment-list', testid: `attachment-list-${subject}-${key}` }, files.map((a) => item(a, app, draw, area)))
      : null,
    el('div', { class: 'attach-row' },
      el('button', {
        type: 'button', class: 'secondary small', testid: `attach-${subject}-${key}`, text: t('attach.button'),
        onclick: async () => {
          const picked = await openFileDialog({ multiple: true, directory: false, filters: [{ name: t('attach.file_types'), extensions: EXTENSIONS }] });
          const paths = [picked].flat().filter(Boolean);
          if (paths.length) await attach(app, draw, area, 'attach_files', { subject, key, paths });
        },
      }),
      el('span', { class: 'muted small-text', text: t('attach.hint') }),
    ),
  ];
}

function item(a, app, draw, area) {
  const preview = a.kept && a.mime.startsWith('image/')
    ? el('img', { class: 'thumbnail', alt: a.name, testid: `attachment-thumb-${a.id}` })
    : el('span', { class: 'file-icon', 'aria-hidden': 'true', text: a.mime === 'application/pdf' ? 'PDF' : a.mime === 'message/rfc822' ? '✉' : '🖼' });
  if (preview.tagName === 'IMG') {
    thumbnailOf(a).then((url) => { if (url) preview.src = url; }).catch(() => {});
  }
  // Focusable from script only: where focus lands once it is attached (or its removal undone).
  return el('li', { class: 'attachment', tabindex: '-1', testid: `attachment-${a.id}` },
    preview,
    el('div', { class: 'attachment-text' },
      el('span', { class: 'attachment-name', testid: `attachment-name-${a.id}`, text: a.name }),
      el('span', { class: 'muted small-text', text: t('attach.details', { type: typeWords(a.mime), size: sizeWords(a.size) }) }),
      el('code', { class: 'hash', title: a.sha256, text: `sha256 ${a.sha256.slice(0, 16)}…` }),
      a.kept ? null : el('span', { class: 'muted small-text', text: t('attach.purged') }),
    ),
    el('div', { class: 'attachment-actions' },
      a.kept ? el('button', {
        type: 'button', class: 'secondary small', testid: `attachment-open-${a.id}`, text: t('attach.open'),
        'aria-label': `${t('attach.open')} ${a.name}`,
        onclick: () => call('open_attachment', { id: a.id }).catch((e) => app.showError(e)),
      }) : null,
      el('button', {
        type: 'button', class: 'secondary small', testid: `attachment-remove-${a.id}`, text: t('attach.remove'),
        'aria-label': `${t('attach.remove')} ${a.name}`,
        onclick: async () => {
          try {
            const { view, undo } = await call('remove_attachment', { id: a.id });
            app.caseView = view;
            draw();
            // Focus goes to Undo, beside the evidence, rather than to the page once the item is gone.
            app.undoNotice(t('attach.removed', { name: a.name }), () => call('undo', { undo }), { near: area, landing: `attachment-${a.id}` }).focus();
          } catch (error) {
            app.showError(error);
          }
        },
      }),
    ),
  );
}

/** The same bytes are sent once per window, however often a screen is drawn again. */
const thumbnails = new Map();

function thumbnailOf(a) {
  if (!thumbnails.has(a.sha256)) {
    const url = call('attachment_preview', { id: a.id });
    thumbnails.set(a.sha256, url);
    url.catch(() => thumbnails.delete(a.sha256));
  }
  return thumbnails.get(a.sha256);
}

function typeWords(mime) {
  return t(`attach.type.${mime.split('/')[1]}`);
}

function sizeWords(bytes) {
  return bytes < 1024 * 1024 ? t('attach.kb', { size: Math.max(1, Math.round(bytes / 1024)) }) : t('attach.mb', { size: (bytes / 1048576).toFixed(1) });
}

/** Attaches, draws the evidence again, says so beside it and puts focus on the (last) new item,
 * or back on the button when nothing was new. */
async function attach(app, draw, area, command, args) {
  app.clearMessages();
  try {
    const before = new Set(app.caseView.attachments.map((a) => a.id));
    app.caseView = await call(command, args);
    draw();
    const added = app.caseView.attachments.filter((a) => !before.has(a.id));
    app.notice(added.length ? t('attach.added', { count: added.length }) : t('attach.already'), { near: area });
    const last = added.length ? `attachment-${added[added.length - 1].id}` : `attach-${args.subject}-${args.key}`;
    (area.querySelector(`[data-testid="${CSS.escape(last)}"]`) ?? area).focus();
  } catch (error) {
    app.showError(error);
  }
}

/** A pasted screenshot (or copied picture file) becomes an attachment; pasted text is left alone. */
async function pasted(event, subject, key, app, draw, area) {
  const files = [...(event.clipboardData?.files ?? [])];
  if (!files.length) return;
  event.preventDefault();
  for (const file of files) {
    const data = await base64(file);
    const name = file.name && file.name !== 'image.png' ? file.name : `${t('attach.pasted_name')}-${stamp()}.${(file.type.split('/')[1] || 'png').replace('jpeg', 'jpg')}`;
    await attach(app, draw, area, 'attach_pasted', { subject, key, name, data });
  }
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function stamp() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}
