from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "mercato.contexts.inventory"
    label = "inventory"
    verbose_name = "Inventory: warehouses, stock, reservations, movements"
