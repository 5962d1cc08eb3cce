from django.contrib import admin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "region", "department")
    list_filter = ("role", "region")
    search_fields = ("user__username", "department__name")
    autocomplete_fields = ()
