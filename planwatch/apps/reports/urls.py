app_name = "reports"

# The pages come with the views (planwatch.apps.reports.views).
urlpatterns: list = []
