"""The deterministic demo data set.

Two steps: a pure plan (`plan.make_plan`: every name, quantity, price, date and status drawn from one seeded
random.Random, no database, no ids), then a bulk writer (`writer.write_plan`) that gives the plan ids and inserts
it in batches. The same seed always yields the same plan; `plan.plan_digest` proves it.
"""
