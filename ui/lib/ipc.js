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

let startFolder = null;

/** Where dialogs open: the open case's folder, or Documents while no case is open. */
export function setStartFolder(folder) {
  startFolder = folder ?? null;
}

/** The folder a file path is in (either separator). */
export function folderOf(path) {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : null;
}

export function openFileDialog(options) {
  return tauri.dialog.open({ defaultPath: startFolder ?? undefined, ...options });
}

/** A save dialog; a bare file name as `defaultPath` is proposed in the start folder. */
export function saveFileDialog(options) {
  let defaultPath = options.defaultPath;
  if (startFolder && defaultPath && !/[\\/]/.test(defaultPath)) {
    defaultPath = `${startFolder}${startFolder.includes('\\') ? '\\' : '/'}${defaultPath}`;
  }
  return tauri.dialog.save({ ...options, defaultPath });
}

/** The system's print dialog for this window. `window.print()` does nothing in WebKitGTK under
 * Tauri (no dialog, no beforeprint): the webview's own print command, which the window's
 * capability allows (`core:webview:allow-print`), opens it on every platform. */
export function printWindow() {
  return call('plugin:webview|print', {});
}
