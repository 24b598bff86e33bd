# payloadc_generate(): .payload files -> C sources compiled into a target, like protobuf_generate.
#
#   payloadc_generate(TARGET <target>
#                     [LANG c]
#                     [IMPORT_DIRS <dir>...]
#                     [OUT_DIR <dir>]
#                     [SHARED_RUNTIME]
#                     [OUT_VAR <variable>]
#                     FILES <file.payload>...)
#
# Runs `payloadc gen --lang c --out <OUT_DIR> [-I dir]... <FILES>` at build time and adds the
# .h/.c pair of every package to <target>: the packages of FILES and of everything they import
# (directly or not), since generated code includes the headers of the packages it uses. If
# <target> does not exist it is created with add_library(<target>) (static or shared after
# BUILD_SHARED_LIBS). The target gets OUT_DIR as a PUBLIC include folder and links
# payloadc::payload (libpayload.a) PUBLIC, or payloadc::payload_shared with SHARED_RUNTIME.
#
#   LANG         only `c`: the one language that compiles into a CMake target.
#   IMPORT_DIRS  folders searched for imports after the importing file's own folder (-I).
#   OUT_DIR      where the sources go; default ${CMAKE_CURRENT_BINARY_DIR}/payloadc/<target>.
#   OUT_VAR      set to the list of generated .h and .c files.
#
# Relative FILES and IMPORT_DIRS are relative to CMAKE_CURRENT_SOURCE_DIR. Call it in the
# directory that defines <target> (a custom command's outputs belong to one directory).
#
# The file names are known at configure time: this reads the `package` and `import` lines of the
# files (the header of a .payload file, before any declaration) and names the pair of package
# `a.b_c` `a_b_c.h`/`a_b_c.c` as the C emitter does (compiler/src/emit/c/model.c,
# package_prefix(): dots become '_', a leading '_' gets a 'p' in front). Those files are
# configure dependencies, so renaming a package or adding an import reconfigures.
#
# Works with an installed payloadc (find_package(payloadc)) and from a build tree that includes
# payloadc with add_subdirectory(): both define the payloadc::payloadc, payloadc::payload and
# payloadc::payload_shared targets.
include_guard(GLOBAL)

# Package name -> stem of its .h/.c pair (keep in sync with package_prefix() in
# compiler/src/emit/c/model.c).
function(_payloadc_c_stem package out_var)
  string(REPLACE "." "_" stem "${package}")
  if(stem MATCHES "^_")
    set(stem "p${stem}")
  endif()
  set(${out_var} "${stem}" PARENT_SCOPE)
endfunction()

# Reads the `package` line and the `import`s of one .payload file.
function(_payloadc_read_header file package_var imports_var)
  file(READ "${file}" text)
  # Comments out: block comments first, then line comments (a header holds no other strings
  # than import paths, which hold neither).
  string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" " " text "${text}")
  string(REGEX REPLACE "//[^\n]*" "" text "${text}")
  set(package "")
  if(text MATCHES "(^|[^A-Za-z0-9_])package[ \t\r\n]+([A-Za-z0-9_. \t\r\n]+);")
    string(REGEX REPLACE "[ \t\r\n]" "" package "${CMAKE_MATCH_2}")
  endif()
  if(package STREQUAL "")
    message(FATAL_ERROR "payloadc_generate: ${file} has no `package` line")
  endif()
  set(imports "")
  string(REGEX MATCHALL "(^|[^A-Za-z0-9_])import[ \t\r\n]*\"[^\"\n]*\"[ \t\r\n]*;" found
         "${text}")
  foreach(item IN LISTS found)
    if(item MATCHES "\"([^\"\n]*)\"")
      list(APPEND imports "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  set(${package_var} "${package}" PARENT_SCOPE)
  set(${imports_var} "${imports}" PARENT_SCOPE)
endfunction()

function(payloadc_generate)
  cmake_parse_arguments(PARSE_ARGV 0 arg "SHARED_RUNTIME" "TARGET;LANG;OUT_DIR;OUT_VAR"
                        "IMPORT_DIRS;FILES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "payloadc_generate: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TARGET)
    message(FATAL_ERROR "payloadc_generate: TARGET is required")
  endif()
  if(NOT arg_FILES)
    message(FATAL_ERROR "payloadc_generate: FILES is required")
  endif()
  if(NOT arg_LANG)
    set(arg_LANG c)
  endif()
  if(NOT arg_LANG STREQUAL "c")
    message(FATAL_ERROR "payloadc_generate: LANG ${arg_LANG} is not supported; only `c` "
                        "compiles into a CMake target (run `payloadc gen` for the others)")
  endif()
  if(NOT TARGET payloadc::payloadc)
    message(FATAL_ERROR "payloadc_generate: no payloadc::payloadc target; "
                        "call find_package(payloadc) or add_subdirectory(payloadc) first")
  endif()
  if(NOT arg_OUT_DIR)
    set(arg_OUT_DIR "${CMAKE_CURRENT_BINARY_DIR}/payloadc/${arg_TARGET}")
  endif()
  get_filename_component(out_dir "${arg_OUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")

  set(import_dirs "")
  set(import_args "")
  foreach(dir IN LISTS arg_IMPORT_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND import_dirs "${dir}")
    list(APPEND import_args -I "${dir}")
  endforeach()

  set(inputs "")
  foreach(file IN LISTS arg_FILES)
    get_filename_component(file "${file}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${file}")
      message(FATAL_ERROR "payloadc_generate: ${file} does not exist")
    endif()
    list(APPEND inputs "${file}")
  endforeach()

  # Every file the schema loads, following imports the way payloadc does (compiler/src/load.c,
  # find_import(): the importing file's folder, then each -I folder in order).
  set(pending ${inputs})
  set(seen "")
  set(stems "")
  while(pending)
    list(POP_FRONT pending file)
    list(FIND seen "${file}" index)
    if(NOT index EQUAL -1)
      continue()
    endif()
    list(APPEND seen "${file}")
    _payloadc_read_header("${file}" package imports)
    _payloadc_c_stem("${package}" stem)
    list(APPEND stems "${stem}")
    get_filename_component(file_dir "${file}" DIRECTORY)
    set(search_dirs "${file_dir}" ${import_dirs})
    foreach(import IN LISTS imports)
      set(found "")
      if(IS_ABSOLUTE "${import}")
        set(found "${import}")
      else()
        foreach(dir IN LISTS search_dirs)
          if(EXISTS "${dir}/${import}")
            set(found "${dir}/${import}")
            break()
          endif()
        endforeach()
      endif()
      if(found STREQUAL "" OR NOT EXISTS "${found}")
        message(FATAL_ERROR "payloadc_generate: cannot find '${import}', imported by ${file}; "
                            "imports are relative to the importing file, then to each of "
                            "IMPORT_DIRS")
      endif()
      get_filename_component(found "${found}" ABSOLUTE)
      list(APPEND pending "${found}")
    endforeach()
  endwhile()
  list(REMOVE_DUPLICATES stems)
  list(SORT stems)

  set(headers "")
  set(sources "")
  foreach(stem IN LISTS stems)
    list(APPEND headers "${out_dir}/${stem}.h")
    list(APPEND sources "${out_dir}/${stem}.c")
  endforeach()

  # payloadc rewrites a file only when its bytes change: the command's OUTPUT is a stamp, the
  # sources are BYPRODUCTS, so that an edit that changes no generated byte recompiles nothing
  # and the next build does not run payloadc again.
  string(MAKE_C_IDENTIFIER "${arg_TARGET}" stamp_name)
  set(stamp "${out_dir}/.payloadc-${stamp_name}.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS ${headers} ${sources}
    COMMAND payloadc::payloadc gen --lang c --out "${out_dir}" ${import_args} ${inputs}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${seen} payloadc::payloadc
    COMMENT "payloadc gen --lang c for ${arg_TARGET}"
    VERBATIM)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${seen})

  if(NOT TARGET ${arg_TARGET})
    add_library(${arg_TARGET})
  endif()
  # The stamp ties the command to the target; the sources are what it compiles.
  target_sources(${arg_TARGET} PRIVATE "${stamp}" ${sources} ${headers})
  target_include_directories(${arg_TARGET} PUBLIC "$<BUILD_INTERFACE:${out_dir}>")
  target_compile_features(${arg_TARGET} PUBLIC c_std_11)
  if(arg_SHARED_RUNTIME)
    target_link_libraries(${arg_TARGET} PUBLIC payloadc::payload_shared)
  else()
    target_link_libraries(${arg_TARGET} PUBLIC payloadc::payload)
  endif()

  if(arg_OUT_VAR)
    set(${arg_OUT_VAR} ${headers} ${sources} PARENT_SCOPE)
  endif()
endfunction()
