from django import template

register = template.Library()


@register.filter
def error_anchor(field):
    """Where an error summary link takes the witness: the field itself, or its first option."""
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.simple_tag
def described_widget(field, extra_class=""):
    """The input with its hint and error tied to it for screen readers (WCAG 1.3.1, 3.3.1)."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if getattr(field.field, "limit", None):
        described.append(f"{field.auto_id}-limit")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    classes = [extra_class] if extra_class else []
    if field.errors:
        attrs["aria-invalid"] = "true"
        classes.append("input-error")
    if classes:
        attrs["class"] = " ".join(classes)
    return field.as_widget(attrs=attrs)
