# bash completion for custkit: cust and cust-* programs.
_custkit() {
	local cur prev prog
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	prog=${COMP_WORDS[0]##*/}
	if [ "$prog" = cust ]; then
		if [ "$COMP_CWORD" -eq 1 ]; then
			COMPREPLY=($(compgen -W "validate dedupe grade segment report help --version" -- "$cur"))
			return
		fi
		prog=cust-${COMP_WORDS[1]}
	fi
	case $prev in
	--from) COMPREPLY=($(compgen -W "csv tsv jsonl json" -- "$cur")); return ;;
	--to) COMPREPLY=($(compgen -W "csv tsv jsonl json table text" -- "$cur")); return ;;
	--encoding) COMPREPLY=($(compgen -W "UTF-8 GB18030 GBK GB2312 BIG5 UTF-16 UTF-16LE LATIN1" -- "$cur")); return ;;
	--delimiter) COMPREPLY=($(compgen -W ", ; | tab" -- "$cur")); return ;;
	--col) COMPREPLY=($(compgen -W "id= name= phone= email= gender= birth_date= address= city= province= country= postcode= company= signup_date= order_id= order_date= amount= status= quantity= price= category=" -- "$cur")); compopt -o nospace; return ;;
	--schema|--rejects|-o|--output|--rules|--orders|--history|--id-map) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--key) COMPREPLY=($(compgen -W "phone email id name name+birth_date" -- "$cur")); return ;;
	--mode) COMPREPLY=($(compgen -W "mark merge pairs" -- "$cur")); return ;;
	--keep) COMPREPLY=($(compgen -W "first last complete newest:" -- "$cur")); return ;;
	--order-col) COMPREPLY=($(compgen -W "id= order_date= status= amount=" -- "$cur")); compopt -o nospace; return ;;
	esac
	local common="--from --to --delimiter --encoding --excel --json-strings --output -o --col --quiet -q --help --version"
	local opts=""
	case $prog in
	cust-validate) opts="--schema --fix --rejects --summary --summary=json --infer" ;;
	cust-dedupe) opts="--key --mode --keep --check --rejects --fuzzy --threshold --block --compare --id-map" ;;
	cust-grade) opts="--rules --orders --as-of --history --changes --orders-only --strict --rejects --order-col --id-map" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts $common" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _custkit cust cust-validate cust-dedupe cust-grade cust-segment cust-report
