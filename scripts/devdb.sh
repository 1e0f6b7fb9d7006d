#!/usr/bin/env bash
# devdb.sh: a project-local PostgreSQL cluster for development and tests.
#
# Usage: scripts/devdb.sh start|stop|status|url
#
#   start   Create the cluster on first use (initdb), start it if it is not
#           running and create the database "kenniscentrum" if missing.
#           Idempotent; prints progress to stderr only.
#   stop    Stop the cluster if it is running (fine if it is not).
#   status  Print state, data folder, socket folder, log file and URL.
#           Exit status 0 when running, 3 when not (like pg_ctl status).
#   url     Print the DATABASE_URL for the cluster (one line on stdout), e.g.
#           postgres://kenniscentrum@/kenniscentrum?host=/tmp/kc-pg-1a2b3c4d
#
# Environment:
#   PG_BINDIR  Folder holding initdb, pg_ctl and postgres. Without it they are
#              looked up through pg_config --bindir, the PATH and the usual
#              install folders.
#
# Where things live (<hash> = 8 hex chars of the SHA-256 of the project path):
#   ordinary user  data: <project>/.pgdata
#   root           data: /var/tmp/kenniscentrum-pg/<hash>/data, owned by the
#                  "postgres" account (or a "kenniscentrum-pg" system account
#                  created on demand), because PostgreSQL refuses to run as
#                  root and that account may be unable to enter the project
#                  folder (e.g. a CI clone under /root).
#   both           socket: /tmp/kc-pg-<hash> (Unix socket only, no TCP);
#                  server log: <data>/devdb-server.log
#
# The role "kenniscentrum" is a superuser with trust authentication: this is
# a throwaway dev/test cluster reachable only through a 0700 socket folder.
set -euo pipefail

readonly DB_NAME=kenniscentrum
readonly DB_USER=kenniscentrum
readonly PG_PORT=5432 # only names the socket file; there is no TCP listener
readonly FALLBACK_ACCOUNT=kenniscentrum-pg
readonly ROOT_STATE_BASE=/var/tmp/kenniscentrum-pg

log() { printf 'devdb: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# --- Locations ---------------------------------------------------------------

# The project root is the parent of scripts/, wherever the caller's cwd is.
# pwd -P gives the physical path so every way of reaching the project
# (symlinks included) hashes to the same cluster.
PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)

short_hash() {
	local sum
	if command -v sha256sum >/dev/null 2>&1; then
		sum=$(printf '%s' "$1" | sha256sum)
	elif command -v shasum >/dev/null 2>&1; then
		sum=$(printf '%s' "$1" | shasum -a 256)
	else
		sum=$(printf '%08x' "$(printf '%s' "$1" | cksum | cut -d' ' -f1)")
	fi
	printf '%s\n' "${sum:0:8}"
}

PROJECT_HASH=$(short_hash "$PROJECT_ROOT")
# Unix socket paths are limited to ~107 bytes and the project path may be
# long, so the socket lives in a short, per-project folder under /tmp.
SOCKET_DIR=/tmp/kc-pg-$PROJECT_HASH
SOCKET_FILE=$SOCKET_DIR/.s.PGSQL.$PG_PORT
LOCK_FILE=$SOCKET_DIR/devdb.lock

if [[ $(id -u) -eq 0 ]]; then
	IS_ROOT=1
	STATE_DIR=$ROOT_STATE_BASE/$PROJECT_HASH
	DATA_DIR=$STATE_DIR/data
else
	IS_ROOT=0
	STATE_DIR=""
	DATA_DIR=$PROJECT_ROOT/.pgdata
fi
LOG_FILE=$DATA_DIR/devdb-server.log

PG_ACCOUNT="" # account that runs initdb/pg_ctl; empty = the current user
BINDIR=""     # set by find_bindir

database_url() {
	printf 'postgres://%s@/%s?host=%s\n' "$DB_USER" "$DB_NAME" "$SOCKET_DIR"
}

owner_of() { stat -c %U "$1" 2>/dev/null || stat -f %Su "$1"; }

cluster_exists() { [[ -f $DATA_DIR/PG_VERSION ]]; }

# --- Running as the unprivileged account (root only) -------------------------

# Pick the account that owns (or will own) the cluster. An existing cluster
# keeps its owner, even if a "postgres" account appeared since.
choose_account() {
	[[ $IS_ROOT -eq 1 ]] || return 0
	if [[ -d $STATE_DIR && $(owner_of "$STATE_DIR") != root ]]; then
		PG_ACCOUNT=$(owner_of "$STATE_DIR")
	elif id postgres >/dev/null 2>&1; then
		PG_ACCOUNT=postgres
	else
		PG_ACCOUNT=$FALLBACK_ACCOUNT
	fi
}

ensure_account() {
	[[ $IS_ROOT -eq 1 ]] || return 0
	id "$PG_ACCOUNT" >/dev/null 2>&1 && return 0
	local nologin=/bin/false candidate
	for candidate in /usr/sbin/nologin /sbin/nologin; do
		if [[ -x $candidate ]]; then
			nologin=$candidate
			break
		fi
	done
	log "creating system account $PG_ACCOUNT (PostgreSQL refuses to run as root)"
	if command -v useradd >/dev/null 2>&1; then
		useradd --system --no-create-home --shell "$nologin" "$PG_ACCOUNT" || true
	elif command -v adduser >/dev/null 2>&1; then # BusyBox/Alpine
		adduser -S -H -s "$nologin" "$PG_ACCOUNT" || true
	fi
	# Re-check rather than trusting the exit status: a concurrent run may
	# have created the account first.
	id "$PG_ACCOUNT" >/dev/null 2>&1 || die "could not create system account $PG_ACCOUNT"
}

# Quote arguments for /bin/sh (only needed for the su fallback).
sh_quote() {
	local arg out=""
	for arg in "$@"; do
		out+="'${arg//\'/\'\\\'\'}' "
	done
	printf '%s\n' "$out"
}

# Run a PostgreSQL server command as the cluster's account. fd 9 (the lock)
# is closed so the server does not inherit it and hold the lock forever.
# cd / because the account may not be allowed into the caller's cwd, and
# PostgreSQL binaries fail when they cannot resolve their own location.
as_pg() {
	if [[ -z $PG_ACCOUNT ]]; then
		"$@" 9>&-
	elif command -v runuser >/dev/null 2>&1; then
		(cd / && runuser -u "$PG_ACCOUNT" -- "$@" 9>&-)
	elif command -v su >/dev/null 2>&1; then
		(cd / && su -s /bin/sh "$PG_ACCOUNT" -c "$(sh_quote "$@")" 9>&-)
	else
		die "need runuser or su to run PostgreSQL as $PG_ACCOUNT"
	fi
}

# --- Folders and locking -----------------------------------------------------

# The socket folder sits at a predictable path in world-writable /tmp, so
# refuse anything we did not create ourselves (symlink or foreign owner).
prepare_socket_dir() {
	local want=${PG_ACCOUNT:-$(id -un)} have
	[[ -L $SOCKET_DIR ]] && die "$SOCKET_DIR is a symlink; remove it"
	mkdir -p "$SOCKET_DIR"
	have=$(owner_of "$SOCKET_DIR")
	if [[ $have != "$want" ]]; then
		[[ $IS_ROOT -eq 1 && $have == root ]] ||
			die "$SOCKET_DIR belongs to $have, not $want; stop that cluster and remove the folder"
		chown "$want" "$SOCKET_DIR"
	fi
	chmod 0700 "$SOCKET_DIR"
}

# As root, give the account a folder it can reach: /var/tmp/kenniscentrum-pg
# is root-owned and traversable, the per-project folder is the account's.
prepare_root_state_dir() {
	[[ $IS_ROOT -eq 1 ]] || return 0
	mkdir -p "$ROOT_STATE_BASE"
	[[ $(owner_of "$ROOT_STATE_BASE") == root ]] || die "$ROOT_STATE_BASE is not owned by root"
	chmod 0755 "$ROOT_STATE_BASE"
	mkdir -p "$STATE_DIR"
	chown "$PG_ACCOUNT" "$STATE_DIR"
	chmod 0700 "$STATE_DIR"
}

# Serialise start/stop so e.g. "make run" and "make test" started together
# do not both run initdb or pg_ctl start. Without flock (macOS) we go ahead.
take_lock() {
	command -v flock >/dev/null 2>&1 || return 0
	exec 9>"$LOCK_FILE"
	if ! flock -n 9; then
		log "waiting for another devdb.sh run to finish"
		flock -w 300 9 || die "timed out waiting for $LOCK_FILE"
	fi
}

# --- Finding the server binaries ---------------------------------------------

candidate_bindirs() {
	local prog path
	if command -v pg_config >/dev/null 2>&1; then
		pg_config --bindir 2>/dev/null || true
	fi
	for prog in initdb pg_ctl postgres; do
		if path=$(command -v "$prog" 2>/dev/null); then
			dirname "$path"
		fi
	done
	# Globs that match nothing stay literal and are rejected later.
	printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r
	printf '%s\n' /usr/local/pgsql/bin
	printf '%s\n' /opt/homebrew/opt/postgresql*/bin | sort -V -r
	printf '%s\n' /usr/local/opt/postgresql*/bin | sort -V -r
}

# Succeeds if $1 holds initdb, pg_ctl and postgres that actually run; sets
# FOUND_MAJOR to the server's major version (e.g. 15).
FOUND_MAJOR=""
has_server_binaries() {
	local dir=$1 prog version
	for prog in initdb pg_ctl postgres; do
		[[ -f $dir/$prog && -x $dir/$prog ]] || return 1
		"$dir/$prog" --version >/dev/null 2>&1 || return 1
	done
	# "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> 15
	version=$("$dir/postgres" --version | awk '{print $3}')
	FOUND_MAJOR=${version%%[!0-9]*}
}

die_no_binaries() {
	die "${1:-no PostgreSQL server binaries (initdb, pg_ctl, postgres) found via pg_config --bindir, PATH or the usual folders}." \
		"Either install PostgreSQL's server binaries (e.g. 'apt-get install postgresql', or 'brew install postgresql@16' on macOS; PG_BINDIR=/path/to/bin if they sit elsewhere)" \
		"or set DATABASE_URL to an existing PostgreSQL server instead of using scripts/devdb.sh."
}

# An existing cluster can only be run by the same major version, so prefer
# the binaries that match it.
find_bindir() {
	local want="" dir seen=" " other=""
	cluster_exists && want=$(cat "$DATA_DIR/PG_VERSION")
	if [[ -n ${PG_BINDIR:-} ]]; then
		has_server_binaries "$PG_BINDIR" ||
			die_no_binaries "PG_BINDIR=$PG_BINDIR does not hold working initdb, pg_ctl and postgres"
		[[ -z $want || $FOUND_MAJOR == "$want" ]] ||
			die "$DATA_DIR was created by PostgreSQL $want but PG_BINDIR=$PG_BINDIR is PostgreSQL $FOUND_MAJOR"
		BINDIR=$PG_BINDIR
		return 0
	fi
	while IFS= read -r dir; do
		[[ -n $dir && $seen != *" $dir "* ]] || continue
		seen+="$dir "
		has_server_binaries "$dir" || continue
		if [[ -z $want || $FOUND_MAJOR == "$want" ]]; then
			BINDIR=$dir
			return 0
		fi
		other=${other:-"PostgreSQL $FOUND_MAJOR in $dir"}
	done < <(candidate_bindirs)
	[[ -z $other ]] ||
		die "$DATA_DIR was created by PostgreSQL $want but only $other was found;" \
			"install PostgreSQL $want (or set PG_BINDIR), or delete $DATA_DIR to start afresh (its data is lost)"
	die_no_binaries
}

psql_cmd() {
	local psql=$BINDIR/psql
	[[ -x $psql ]] || psql=$(command -v psql) || die "psql not found; install the PostgreSQL client"
	"$psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PG_PORT" -U "$DB_USER" "$@"
}

# --- Cluster state -----------------------------------------------------------

# One-letter process state (R, S, Z, ...), or nothing if unknown.
process_state() {
	if [[ -r /proc/$1/stat ]]; then
		sed 's/.*) //' "/proc/$1/stat" | cut -c1
	else
		ps -o stat= -p "$1" 2>/dev/null | cut -c1 || true
	fi
}

# Is $1 the pid of a server on *our* data folder? A crashed run leaves a
# postmaster.pid whose pid may be a zombie (containers often lack an init
# that reaps it) or may since have been reused by an unrelated process;
# either makes PostgreSQL refuse to start. A PostgreSQL process's cwd is
# its data folder, which identifies it precisely on Linux; elsewhere we
# settle for the process name.
is_our_server() {
	local pid=$1 cwd name
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	[[ $(process_state "$pid") != Z ]] || return 1
	if cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null); then
		[[ $cwd == "$(cd "$DATA_DIR" && pwd -P)" ]]
		return
	fi
	command -v ps >/dev/null 2>&1 || return 0 # cannot tell: assume it is
	name=$(ps -o comm= -p "$pid" 2>/dev/null) || return 1
	[[ $name == *postgres* || $name == *postmaster* ]]
}

# Prints the server's pid if it is running.
server_pid() {
	local pid
	[[ -f $DATA_DIR/postmaster.pid ]] || return 1
	pid=$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null) || return 1
	is_our_server "$pid" || return 1
	printf '%s\n' "$pid"
}

# Remove lock files left by a crashed server whose pid was reused.
clear_stale_lock_files() {
	local file pid
	for file in "$DATA_DIR/postmaster.pid" "$SOCKET_FILE.lock"; do
		[[ -f $file ]] || continue
		pid=$(head -n 1 "$file" 2>/dev/null) || continue
		if ! is_our_server "$pid"; then
			log "removing stale $file (pid ${pid:-?} is not this cluster's running server)"
			rm -f "$file"
		fi
	done
}

# --- Steps of "start" --------------------------------------------------------

run_initdb() {
	as_pg "$BINDIR/initdb" -D "$DATA_DIR" -U "$DB_USER" --auth=trust -E UTF8 --locale="$1"
}

init_cluster() {
	cluster_exists && return 0
	if [[ -e $DATA_DIR ]] && [[ -n $(ls -A "$DATA_DIR" 2>/dev/null) ]]; then
		die "$DATA_DIR exists but holds no PostgreSQL cluster; move it away or delete it"
	fi
	prepare_root_state_dir
	log "creating PostgreSQL $FOUND_MAJOR cluster in $DATA_DIR"
	local out
	# initdb removes what it created when it fails, so a retry starts clean.
	if ! out=$(run_initdb C.UTF-8 2>&1); then
		log "locale C.UTF-8 unusable here; retrying with locale C"
		out=$(run_initdb C 2>&1) || {
			printf '%s\n' "$out" >&2
			die "initdb failed"
		}
	fi
	# The socket folder is passed at start (-k) instead: it derives from the
	# project path, which may change if the project is moved.
	cat >>"$DATA_DIR/postgresql.conf" <<'EOF'

# --- Added by scripts/devdb.sh (throwaway dev/test cluster) ---
# Unix socket only, so no TCP port can collide with another server.
listen_addresses = ''
port = 5432
max_connections = 100
# Crash safety does not matter here; speed does.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start_server() {
	clear_stale_lock_files
	if server_pid >/dev/null; then
		[[ -S $SOCKET_FILE ]] && return 0
		# Running, but the socket is gone (e.g. /tmp was cleaned, or the
		# project moved): restart so it is recreated in the right place.
		log "socket $SOCKET_FILE is missing; restarting the server"
		as_pg "$BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -w -t 60 -l "$LOG_FILE" \
			-o "-k $SOCKET_DIR" restart >/dev/null || show_log_and_die "restart failed"
		return 0
	fi
	log "starting PostgreSQL $FOUND_MAJOR (data: $DATA_DIR)"
	as_pg "$BINDIR/pg_ctl" -D "$DATA_DIR" -w -t 60 -l "$LOG_FILE" \
		-o "-k $SOCKET_DIR" start >/dev/null || show_log_and_die "start failed"
}

show_log_and_die() {
	log "$1; last lines of $LOG_FILE:"
	tail -n 30 "$LOG_FILE" >&2 2>/dev/null || true
	exit 1
}

create_database() {
	local found
	found=$(psql_cmd -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")
	[[ $found == 1 ]] && return 0
	log "creating database $DB_NAME"
	psql_cmd -d postgres -c "CREATE DATABASE $DB_NAME"
}

# --- Subcommands -------------------------------------------------------------

cmd_start() {
	choose_account
	ensure_account
	prepare_socket_dir
	take_lock
	find_bindir
	init_cluster
	start_server
	create_database
	log "ready: $(database_url)"
}

cmd_stop() {
	if ! cluster_exists; then
		log "no cluster in $DATA_DIR; nothing to stop"
		return 0
	fi
	choose_account
	prepare_socket_dir
	take_lock
	clear_stale_lock_files
	if ! server_pid >/dev/null; then
		log "not running"
		return 0
	fi
	find_bindir
	log "stopping PostgreSQL (data: $DATA_DIR)"
	as_pg "$BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -w -t 60 stop >/dev/null
}

cmd_status() {
	local state pid rc=3
	if ! cluster_exists; then
		state="not created"
	elif pid=$(server_pid); then
		state="running (pid $pid)"
		rc=0
	else
		state="stopped"
	fi
	printf 'state:  %s\n' "$state"
	printf 'data:   %s\n' "$DATA_DIR"
	printf 'socket: %s\n' "$SOCKET_DIR"
	printf 'log:    %s\n' "$LOG_FILE"
	printf 'url:    %s\n' "$(database_url)"
	return "$rc"
}

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p;}' "${BASH_SOURCE[0]}"
}

main() {
	case ${1:-} in
	start) cmd_start ;;
	stop) cmd_stop ;;
	status) cmd_status ;;
	url) database_url ;;
	-h | --help | help) usage ;;
	*)
		usage >&2
		exit 2
		;;
	esac
}

main "$@"
