// What the seller did about one order: an action from `actions` and a note, saved per order.
// The unfinished-orders table and the money step's unreleased orders both use it.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call } from '../lib/ipc.js';
import { attachmentsArea } from './attachments.js';

/** @param {{order_id: string, recorded?: string, note?: string}} order  updated in place when saved */
export function orderActionControls(order, actions, app) {
  const id = order.order_id;
  const action = el('select', { id: `order-action-${id}`, testid: `order-action-${id}`, 'aria-label': `${t('orders.col.done')} ${id}` },
    el('option', { value: '', text: t('orders.action_none') }),
    actions.map((a) => el('option', { value: a, text: t(`order_action.${a}`) })));
  action.value = order.recorded ?? '';
  const note = el('input', { testid: `order-note-${id}`, 'aria-label': `${t('orders.note')} ${id}`, placeholder: t('orders.note') });
  note.value = order.note ?? '';
  const save = el('button', {
    type: 'button', class: 'secondary small', testid: `order-save-${id}`, text: t('common.save'),
    onclick: async () => {
      app.clearMessages();
      problem.set(action.value ? null : t('orders.choose_action_first'));
      if (!action.value) return;
      try {
        await call('record_order_action', { orderId: id, action: action.value, note: note.value });
        const first = !order.recorded;
        order.recorded = action.value;
        order.note = note.value;
        if (first) evidence.replaceChildren(attachmentsArea('order', id, app));
        app.notice(t('orders.saved', { id }), { near: controls });
      } catch (error) {
        problem.set(error?.message || t('error.ipc'));
      }
    },
  });
  const controls = el('div', { class: 'row' }, action, note, save);
  const problem = fieldProblem(action, `order-action-error-${id}`);
  // Evidence belongs to what was recorded, so it is offered once something is.
  const evidence = el('div', { class: 'order-evidence' }, order.recorded ? attachmentsArea('order', id, app) : null);
  return el('div', {}, problem.node, controls, evidence);
}

/** A message at `control` (shown above its row, tied to it for screen readers), or none. */
function fieldProblem(control, testid) {
  const node = el('p', { class: 'field-error', id: testid, testid, role: 'alert', hidden: true });
  return {
    node,
    set(message) {
      node.hidden = !message;
      node.textContent = message ?? '';
      if (message) {
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', testid);
        control.focus();
      } else {
        control.removeAttribute('aria-invalid');
        control.removeAttribute('aria-describedby');
      }
    },
  };
}
