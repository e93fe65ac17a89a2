#!/bin/sh
echo "$ME on $HOST uses $DB"
