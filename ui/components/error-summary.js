// Form errors the GOV.UK way: a summary at the top of the form that takes focus and links to
// each field, the same words again at the field, and all of it gone once the form succeeds.

import { el, replace } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

/**
 * Error handling for `form`. `fieldFor(error)` names the id of the field a core error is about
 * (by its message key); an error about no field links to the form's first control.
 */
export function formErrors(form, fieldFor = () => null) {
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', testid: 'error-summary', hidden: true });
  form.prepend(summary);

  function clear() {
    summary.hidden = true;
    replace(summary);
    for (const node of form.querySelectorAll('.field-error')) node.remove();
    for (const node of form.querySelectorAll('[aria-invalid]')) {
      node.removeAttribute('aria-invalid');
      const describedBy = (node.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error')).join(' ');
      if (describedBy) node.setAttribute('aria-describedby', describedBy);
      else node.removeAttribute('aria-describedby');
    }
    for (const node of form.querySelectorAll('.field.has-error')) node.classList.remove('has-error');
  }

  /** Shows `errors` ([{ field, message }]); `field` may be null. */
  function show(errors) {
    clear();
    const firstControl = form.querySelector('input:not([type=hidden]), select, textarea');
    const items = errors.map(({ field, message }) => {
      const control = (field && form.querySelector(`#${CSS.escape(field)}`)) || firstControl;
      if (control) markField(control, message);
      return el('li', {}, el('a', {
        href: control ? `#${control.id}` : '#',
        text: message,
        onclick: (event) => {
          event.preventDefault();
          control?.focus();
        },
      }));
    });
    replace(summary, el('h2', { class: 'error-summary-title', text: t('error.summary_title') }), el('ul', {}, items));
    summary.hidden = false;
    summary.focus();
  }

  /** Shows a failed call's `{code, message}` at the field it is about. */
  function showError(error) {
    const lead = t(`error.${error?.code ?? 'ipc'}`);
    const known = lead !== `error.${error?.code ?? 'ipc'}`;
    const message = error?.message || (known ? lead : t('error.ipc'));
    show([{ field: fieldFor(error), message }]);
  }

  return { show, showError, clear };
}

function markField(control, message) {
  const box = control.closest('.field') ?? control.parentElement;
  const id = `${control.id}-error`;
  if (box.querySelector(`#${CSS.escape(id)}`)) return;
  box.classList.add('has-error');
  const note = el('p', { class: 'field-error', id, testid: `field-error-${control.id}` },
    el('span', { class: 'visually-hidden', text: t('error.prefix') }), message);
  const anchor = box.querySelector('.help') ?? box.querySelector(`label[for="${control.id}"], .label`);
  if (anchor) anchor.after(note);
  else box.prepend(note);
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
}
