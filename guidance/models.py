"""The manual as the portal serves it: sections, key concepts, facts, notes, footnotes.

Kazakh is the original; Russian and English are translations written for the portal.
Every text field gets `_kk`, `_ru` and `_en` columns through modeltranslation (see
translation.py), and staff edit them in the admin. Body texts are Markdown, sanitised
when rendered (guidance/rendering.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MARKDOWN_HELP = _(
    "Markdown. Blocks such as [[glossary]], [[facts:childhood-prevalence]], [[table-1]], [[footnote:3]], "
    "[[witness-actions]], [[directory:national]] and [[directory:regional]] on a line of their own insert the "
    "portal's structured content at that place. [[note:slug]] puts the mark of an editorial note on the text "
    "before it; [[added]] in a heading marks the heading as added by the portal."
)


class SectionQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("position")


class Section(models.Model):
    """One chapter of the manual, in the manual's order."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True, help_text=_("Used in the page address."))
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("Order in the manual."))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One line, shown on the contents page."))
    body = models.TextField(_("body"), blank=True, help_text=MARKDOWN_HELP)
    # The date the public's "Last updated" shows: empty while the text is the manual's as
    # loaded; set when staff change the title, summary or text (guidance/admin.py).
    text_changed_on = models.DateField(
        _("text last changed on"),
        null=True,
        blank=True,
        help_text=_("Set when staff change the text. Empty: the text is the manual’s, unchanged."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            # Previous/next links follow the position: two sections in one place would hide one.
            models.UniqueConstraint(fields=["position"], name="guidance_section_unique_position"),
        ]

    def __str__(self):
        return self.title


class GlossaryTerm(models.Model):
    """A key concept of the manual, with the law it cites; linked where the text uses it."""

    slug = models.SlugField(
        _("anchor"),
        max_length=60,
        unique=True,
        help_text=_("The term's anchor on the key concepts page: #term-<slug>."),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    term = models.CharField(_("term"), max_length=200)
    definition = models.TextField(
        _("definition"), help_text=_("Markdown, as the manual words it, with the law it cites.")
    )
    link_phrases = models.TextField(
        _("phrases to link"),
        blank=True,
        help_text=_("One per line. The first place a section's text uses one of them (any ending) links to this term."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("key concept")
        verbose_name_plural = _("key concepts")

    def __str__(self):
        return self.term

    @property
    def anchor(self):
        return f"term-{self.slug}"

    def phrases(self) -> list[str]:
        return [line.strip() for line in (self.link_phrases or "").splitlines() if line.strip()]


class FactGroup(models.TextChoices):
    """The manual's statistics, grouped as they are charted."""

    CHILDHOOD_PREVALENCE = "childhood-prevalence", _("Sexual violence in childhood, worldwide")
    META_ANALYSES = "meta-analyses", _("Children who have experienced sexual violence, meta-analyses")
    REGISTERED_OFFENDERS = "registered-offenders", _("Registered offenders in Kazakhstan")
    REGISTERED_CRIMES = "registered-crimes", _("Sexual crimes against minors registered in Kazakhstan")
    OFFENDER_PROFILE = "offender-profile", _("The offender's profile")


class Fact(models.Model):
    """One figure of the manual, with its period and source."""

    class Unit(models.TextChoices):
        PERCENT = "percent", _("per cent")
        CRIMES = "crimes", _("crimes")
        PEOPLE = "people", _("people")

    class Precision(models.TextChoices):
        EXACT = "exact", _("exact")
        ABOUT = "about", _("about")
        OVER = "over", _("over")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=30, choices=FactGroup.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=120, help_text=_("Short: it is written next to the bar."))
    stated_as = models.CharField(
        _("as the manual states it"), max_length=200, help_text=_("The figure in the manual's own words.")
    )
    value = models.DecimalField(_("figure"), max_digits=9, decimal_places=1)
    value_high = models.DecimalField(
        _("upper figure"), max_digits=9, decimal_places=1, null=True, blank=True, help_text=_("Only for a range.")
    )
    precision = models.CharField(_("precision"), max_length=8, choices=Precision.choices, default=Precision.EXACT)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    period = models.CharField(_("period"), max_length=120)
    source = models.CharField(_("source"), max_length=300)
    charted = models.BooleanField(
        _("drawn in the chart"), default=True, help_text=_("Off for figures that are not comparable with the others.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["group", "position"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        constraints = [
            models.CheckConstraint(
                name="guidance_fact_range_is_ordered",
                condition=Q(value_high__isnull=True) | Q(value_high__gte=models.F("value")),
                violation_error_message=_("The upper figure must not be below the figure."),
            ),
            models.CheckConstraint(
                name="guidance_fact_not_negative",
                condition=Q(value__gte=0),
                violation_error_message=_("A figure cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.stated_as}"

    def clean(self):
        super().clean()
        if self.value_high is not None and self.value is not None and self.value_high < self.value:
            raise ValidationError({"value_high": _("The upper figure must not be below the figure.")})

    @property
    def top(self):
        return self.value_high if self.value_high is not None else self.value


class RegionalOffenderFigure(models.Model):
    """Table 1 of the manual: persons who served sentences, by region (August 2023).

    The text of the manual has the table's title but none of its figures: the page says so,
    and shows the table once staff have entered figures.
    """

    region = models.OneToOneField(
        "contacts.Region", on_delete=models.PROTECT, related_name="offender_figure", verbose_name=_("region")
    )
    offenders = models.PositiveIntegerField(_("persons who served sentences"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the figure comes from, once it is known.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["region__position"]
        verbose_name = _("Table 1 figure")
        verbose_name_plural = _("Table 1: persons who served sentences, by region")

    def __str__(self):
        return f"{self.region}: {self.offenders if self.offenders is not None else '—'}"


class EditorialNote(models.Model):
    """Where the manual has a gap or a slip, the portal says so instead of inventing.

    The notes are gathered on one page, "About this edition"; the places concerned carry a
    small mark linking to their note.
    """

    class Kind(models.TextChoices):
        # In the order the page lists them.
        CHANGED = "changed", _("What the portal changed")
        SLIP = "slip", _("Slips of the manual, kept as printed")
        MISSING = "missing", _("What the text of the manual lacks")

    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, help_text=_("Marked in a text with [[note:<slug>]].")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHANGED)
    text = models.TextField(_("text"), help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("editorial note")
        verbose_name_plural = _("editorial notes")

    def __str__(self):
        return self.slug


class Footnote(models.Model):
    """A footnote of the manual, shown next to what it annotates ([[footnote:<marker>]])."""

    marker = models.PositiveSmallIntegerField(_("marker"), unique=True, help_text=_("The manual's number: 1, 2, 3, 5."))
    text = models.TextField(
        _("text"), blank=True, help_text=_("Markdown. Empty where the manual prints the mark but no footnote.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["marker"]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")

    def __str__(self):
        return self.mark

    @property
    def mark(self):
        return superscript(self.marker)

    @property
    def anchor(self):
        return f"footnote-{self.marker}"

    @property
    def ref_anchor(self):
        return f"footnote-ref-{self.marker}"


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int) -> str:
    return str(number).translate(_SUPERSCRIPT)
