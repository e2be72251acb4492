from django.utils.translation import gettext_lazy as _

from shegong.core.apps import ShegongAppConfig
from shegong.core.menu import SYSTEM, Entry


class AccountsConfig(ShegongAppConfig):
    default = True
    name = "shegong.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")
    navigation = (Entry(_("Users"), "accounts:user_list", "accounts.user", SYSTEM, order=10),)
