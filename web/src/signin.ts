// Sign-in: the token dialog, and signing out.
import { setToken } from './api.js';
import { $, $input } from './html.js';
import { page } from './page.js';

export const dialog = (): HTMLDialogElement => $('signin') as HTMLDialogElement;

export function askToken(message = ''): void {
  page.view.release();
  $('signin-error').textContent = message;
  if (!dialog().open) dialog().showModal();
  $input('token').focus();
}

/** Wires the dialog: a submitted token is kept for the session and `load` runs. */
export function wireSignIn(load: () => void): void {
  $('signin-form').addEventListener('submit', () => {
    const v = $input('token').value.trim();
    if (!v) return;
    setToken(v);
    $input('token').value = '';
    load();
  });
  $('sign-out').addEventListener('click', () => {
    setToken(null);
    location.reload();
  });
}
