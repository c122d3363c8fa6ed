from django.contrib import admin
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from guidance.models import EditorialNote, Fact, Footnote, GlossaryTerm, RegionalOffenderFigure, Section
from guidance.rendering import Renderer, inline_markdown_to_html, markdown_to_html

LANGUAGES = (("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English")))


def _previews(render_one) -> str:
    """The saved text of every language as the public will see it (server-rendered, no scripts)."""
    parts = []
    for code, name in LANGUAGES:
        with translation.override(code):
            html, problems = render_one(code)
        problem_list = format_html_join("", '<li class="errornote">{}</li>', ((p,) for p in problems))
        parts.append(
            format_html(
                '<section class="guidance-preview" lang="{}"><h3>{}</h3><ul>{}</ul>{}</section>',
                code,
                name,
                problem_list,
                mark_safe(html),  # noqa: S308 - sanitised by nh3 in rendering.markdown_to_html
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - built from format_html pieces


class GuidanceAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    class Media:
        css = {"all": ["guidance/admin.css"]}


@admin.register(Section)
class SectionAdmin(GuidanceAdmin):
    list_display = ("position", "title", "text_changed_on", "updated_at")
    list_display_links = ("title",)
    search_fields = ("title_kk", "title_ru", "title_en")
    readonly_fields = ("preview", "text_changed_on", "updated_at")
    fields = ("slug", "position", "title", "summary", "body", "text_changed_on", "updated_at", "preview")
    # What the public's "Last updated" follows: the words, not the slug or the position.
    TEXT_FIELDS = {f"{name}_{lang}" for name in ("title", "summary", "body") for lang in ("kk", "ru", "en")}

    def save_model(self, request, obj, form, change):
        if change and any(self._changed(form, name) for name in self.TEXT_FIELDS & set(form.changed_data)):
            obj.text_changed_on = timezone.localdate()
        super().save_model(request, obj, form, change)

    @staticmethod
    def _changed(form, name: str) -> bool:
        # The form strips the stored text's final newline and browsers send CRLF: neither is an edit.
        def words(value):
            return (value or "").replace("\r\n", "\n").strip()

        return words(form.initial.get(name)) != words(form.cleaned_data.get(name))

    @admin.display(description=_("Preview of the saved text"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Save to see the preview.")

        def render_one(code):
            rendered = Renderer().render(obj, body=getattr(obj, f"body_{code}") or "")
            return rendered.html, rendered.problems

        return _previews(render_one)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(GuidanceAdmin):
    list_display = ("position", "term", "slug", "updated_at")
    list_display_links = ("term",)
    readonly_fields = ("preview",)

    @admin.display(description=_("Preview of the saved text"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Save to see the preview.")
        return _previews(lambda code: (inline_markdown_to_html(getattr(obj, f"definition_{code}") or ""), []))


@admin.register(Fact)
class FactAdmin(GuidanceAdmin):
    list_display = ("group", "position", "label", "stated_as", "value", "value_high", "period", "updated_at")
    list_filter = ("group",)
    list_display_links = ("label",)


@admin.register(RegionalOffenderFigure)
class RegionalOffenderFigureAdmin(GuidanceAdmin):
    list_display = ("region", "offenders", "source", "updated_at")
    list_editable = ("offenders",)
    list_select_related = ("region",)


@admin.register(EditorialNote)
class EditorialNoteAdmin(GuidanceAdmin):
    list_display = ("slug", "kind", "updated_at")
    list_filter = ("kind",)
    readonly_fields = ("preview",)

    @admin.display(description=_("Preview of the saved text"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Save to see the preview.")
        return _previews(lambda code: (markdown_to_html(getattr(obj, f"text_{code}") or ""), []))


@admin.register(Footnote)
class FootnoteAdmin(GuidanceAdmin):
    list_display = ("marker", "updated_at")
    readonly_fields = ("preview",)

    @admin.display(description=_("Preview of the saved text"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Save to see the preview.")

        return _previews(lambda code: (markdown_to_html(getattr(obj, f"text_{code}") or ""), []))
