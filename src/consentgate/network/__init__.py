"""The member data model, interchange import/export and the synthetic network."""
