// The column-mapping form for an order file in a layout Closeout does not know: one select per
// field, filled with the file's own headers. Saved in the case, the mapping is tried on every
// later order file, so a seller maps a translated export once.

import { el } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { call } from '../lib/ipc.js';

/**
 * @param {{header_line: number, headers: string[], required: string[], fields: string[]}} layout
 * @param {string} fileName  proposed as the mapping's name
 * @param {() => Promise<void>} onSaved  imports the file again
 */
export function columnMap(layout, fileName, onSaved, showError) {
  const headers = layout.headers.map((h) => h.trim()).filter(Boolean);
  const selects = layout.fields.map((field) => {
    const required = layout.required.includes(field);
    const select = el('select', { id: `map-${field}`, testid: `map-${field}`, required },
      el('option', { value: '', text: t(required ? 'map.choose' : 'map.none') }),
      headers.map((h) => el('option', { value: h, text: h })));
    return { field, select, row: el('div', { class: 'field' },
      el('label', { for: `map-${field}`, text: t(`map.field.${field}`) + (required ? ' *' : '') }), select) };
  });
  const name = el('input', { id: 'map-name', testid: 'map-name', value: fileName, required: true });
  const form = el('form', { class: 'panel column-map', testid: 'column-map' },
    el('h3', { text: t('map.title') }),
    el('p', { class: 'muted', text: t('map.help', { line: layout.header_line }) }),
    el('div', { class: 'field' }, el('label', { for: 'map-name', text: t('map.name') }), name),
    selects.map((s) => s.row),
    el('p', { class: 'hint', text: t('map.privacy') }),
    el('button', { type: 'submit', class: 'primary', testid: 'map-save', text: t('map.save') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const columns = selects.filter((s) => s.select.value).map((s) => [s.field, s.select.value]);
    try {
      await call('save_column_profile', { name: name.value, columns, headers: layout.headers });
      await onSaved();
    } catch (error) {
      showError(error);
    }
  });
  return form;
}
