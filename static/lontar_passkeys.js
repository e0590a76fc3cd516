// After django-otp-webauthn's script registers a passkey, open the 2FA page again: it
// lists the new passkey, or shows the recovery codes made with a first one.
document.addEventListener("otp_webauthn.register_complete", () => {
  const box = document.getElementById("passkey-register");
  window.location.assign(box ? box.dataset.doneUrl : window.location.href);
});
