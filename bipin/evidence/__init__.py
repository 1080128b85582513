"""Evidence files (佐证材料): photos and documents that year-round records carry."""
