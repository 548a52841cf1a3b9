"""The deterministic demo data set.

Two steps: a pure plan (`plan.make_plan`: every name, quantity, price, date and status drawn from seeded
random.Random streams, no database, no ids), then a bulk writer (`writer.py`, `writer_orders.py`) that gives the
records ids and inserts them in batches. The same seed always yields the same plan; `plan.plan_digest` proves it.

plan.py        the Plan and the order of the steps
world.py       merchants, staff, warehouses, categories, shoppers, addresses, commission rates
catalogue.py   products, variants, SKUs, GTINs, prices, where stock sits, popularity
baskets.py     when people buy, who, what, and checkout's own quote()
fates.py       what happens to each checkout afterwards (a timeline of events)
lifecycle.py   applies the timelines as the orders services would; escrow_book.py as the payments services would
stock.py       replays the stock operations as the inventory services would; lots.py for perishables
provenance.py  signed EPCIS histories of batches the shops received (provenance_parties.py, provenance_chains.py)
evidence.py    the demo shopper's order facts in the transparency log
*_texts.py, product_lines.py, seasons.py, scale.py   vocabulary, calendar and size
"""
