"""Personal data that people control: the privacy notice, and who sees a community's
contact address.

The privacy notice is one row the Secretariat edits in the admin (its history kept by
django-simple-history); each saved change is a new ``version``, and sign-up records the
version a person was shown (``User.privacy_notice_version``). Its text is data, one
Markdown field per language of the site, falling back to English.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.base import DESCRIPTION_MAX_LENGTH, length_at_most

# The languages of the notice (those of settings.LANGUAGES): one field each
# (``text_en``, ``text_zh_hans``, …).
NOTICE_LANGUAGES = ("en", "fr", "es", "ar", "zh-hans", "ru")
NOTICE_MAX_LENGTH = DESCRIPTION_MAX_LENGTH * 4


def text_field_name(language):
    return "text_" + language.replace("-", "_")


class ContactVisibility(models.TextChoices):
    """Who sees a community's contact address (``Community.contact_visibility``)."""

    FORM = "form", _("Nobody: people write through the registry's contact form")
    SIGNED_IN = "signed_in", _("Signed-in people")
    EVERYONE = "everyone", _("Everyone, in exports, feeds and the API too")


class PrivacyNoticeQuerySet(models.QuerySet):
    def current(self):
        """The notice in force (the latest row), or None on an empty table."""
        return self.order_by("-pk").first()


class PrivacyNotice(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    text_en = models.TextField(
        _("text (English)"), max_length=NOTICE_MAX_LENGTH, help_text=_("Markdown.")
    )
    text_fr = models.TextField(_("text (French)"), blank=True, max_length=NOTICE_MAX_LENGTH)
    text_es = models.TextField(_("text (Spanish)"), blank=True, max_length=NOTICE_MAX_LENGTH)
    text_ar = models.TextField(_("text (Arabic)"), blank=True, max_length=NOTICE_MAX_LENGTH)
    text_zh_hans = models.TextField(_("text (Chinese)"), blank=True, max_length=NOTICE_MAX_LENGTH)
    text_ru = models.TextField(_("text (Russian)"), blank=True, max_length=NOTICE_MAX_LENGTH)

    history = HistoricalRecords()
    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notice")
        constraints = [
            length_at_most(
                text_field_name(code),
                NOTICE_MAX_LENGTH,
                f"privacy_notice_{text_field_name(code)}_length",
            )
            for code in NOTICE_LANGUAGES
        ]

    def __str__(self):
        return str(_("Privacy notice, version %(version)s") % {"version": self.version})

    def text_for(self, language=None):
        """The text in ``language`` (the active one by default), else in English."""
        language = language or translation.get_language() or "en"
        if self.has_text_in(language):
            return getattr(self, text_field_name(language.lower()))
        return self.text_en

    def has_text_in(self, language):
        return bool((getattr(self, text_field_name(language.lower()), "") or "").strip())
