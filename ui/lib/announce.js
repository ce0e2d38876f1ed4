// What a screen reader should hear without focus moving: the live regions of index.html, which
// stay in the page while screens are drawn again, so a change to them is always announced.

/** Says `text` politely (role=status), or at once (role=alert) when it is `urgent`, a refusal. */
export function announce(text, { urgent = false } = {}) {
  const region = document.getElementById(urgent ? 'live-alert' : 'live-status');
  region.textContent = '';
  // Screen readers announce a change to a region that was empty a moment before.
  setTimeout(() => { region.textContent = text; }, 100);
}
