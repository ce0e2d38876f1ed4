// Calls into the Rust side. Every failure is an `{code, message}` object, whatever threw it.

const tauri = window.__TAURI__;

export async function call(command, args = {}) {
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error) throw error;
    throw { code: 'ipc', message: String(error) };
  }
}

export function listen(event, handler) {
  return tauri.event.listen(event, handler);
}

export function openFileDialog(options) {
  return tauri.dialog.open(options);
}

export function saveFileDialog(options) {
  return tauri.dialog.save(options);
}
