"""Pure rules of flash sales: the campaign's states, what a valid campaign is, why a purchase is refused."""
