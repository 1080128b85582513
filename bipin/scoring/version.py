"""Which version of the engine's output an evaluation is.

A snapshot stands for its inputs: computing the same inputs again keeps the
last snapshot (bipin.results.services). That holds only while the engine
gives the same evaluation for the same inputs. A change that makes it give
another one — a figure, or what an explanation lists — raises this number,
so that the next computation of unchanged inputs stores the new evaluation
instead of keeping the old one.

2: each explanation lists its own entrant's rows when every entrant has one
   row of an item and the rows came in another order (version 1 could list
   a neighbour's row, or none; the figures were right).
"""

OUTPUT_VERSION = "2"
