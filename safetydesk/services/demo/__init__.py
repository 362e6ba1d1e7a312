"""The demo township (润城镇 of 阳城县): entry point :func:`create_demo`."""

from safetydesk.services.demo.registers import create_demo

__all__ = ["create_demo"]
