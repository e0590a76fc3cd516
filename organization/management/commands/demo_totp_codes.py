"""Print the code each demo account's authenticator app would show now (demo only)."""

from typing import Any

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from organization.demo import demo_second_factors_ensure


class Command(BaseCommand):
    help = "Print the current TOTP code of each demo account that must have a second factor."

    def handle(self, *args: Any, **options: Any) -> None:
        devices = demo_second_factors_ensure()
        if not devices:
            self.stdout.write("Tidak ada akun demo dengan kunci TOTP demo (jalankan seed_demo).")
            return
        width = max(len(username) for username in devices)
        for username, device in sorted(devices.items()):
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            self.stdout.write(f"  {username:<{width}} {totp.token():06d}")
