from django.apps import AppConfig


class LoadtestConfig(AppConfig):
    name = "kenniscentrum.loadtest"
    label = "loadtest"
    verbose_name = "Load tests"
