"""Printing: preview, print and save as PDF, the clinic's details."""
