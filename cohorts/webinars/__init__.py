"""Webinar tools: BigBlueButton through its API (meetings created, joined and ended from the
platform, attendance polled from the server), and the attendance reports Zoom and Microsoft
Teams export (docs/decisions/cohorts-webinars.md)."""
